/**
 * Messages of central channels. A channel's messages are read newest first in (created_at, id) order,
 * served by the index on central_messages (channel_id, created_at, id); the cursor variant pages by that
 * key, so messages with equal timestamps are neither skipped nor repeated.
 */
import type { UUID } from '@elizaos/core';
import { messageTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { firstRow } from './first-row.js';
import { selectById } from './select-by-id.js';
import { idConflict } from './id-conflict.js';
import type { CreateMessageInput, Message, UpdateMessageInput } from './messaging-types.js';
import { checkedFields } from './checked-fields.js';
import { toMessage } from './row-mappers.js';
import { jsonbObjectOrNull, newUuid, optionalText, requiredText, uuidOrNull } from './store-values.js';

/** One page of a channel's messages, newest first, and the cursor of the next (older) page. */
export interface MessagePage {
  messages: Message[];
  /** Pass to `getMessagesForChannelPage` for the next page; null when there are no older messages. */
  nextCursor: string | null;
}

/** `getMessagesForChannelPage` options. */
export interface MessagePageOptions {
  /** Page size, 0..1000 (default 50). */
  limit?: number;
  /** A `nextCursor` of a previous page; absent for the latest messages. */
  cursor?: string | null;
}

/** Stores a message (id `data.messageId`, or a new one) and returns it. */
export async function createMessage(ex: SqlExecutor, data: CreateMessageInput): Promise<Message> {
  if (data === null || typeof data !== 'object') throw invalidInput('data', data, 'a message object');
  const now = new Date();
  const id = data.messageId ? assertUuid('data.messageId', data.messageId) : newUuid();
  const checked = checkedFields(
    'data',
    data,
    {
      channelId: assertUuid,
      authorId: assertUuid,
      content: requiredText,
      rawMessage: jsonbObjectOrNull,
      sourceType: optionalText,
      sourceId: optionalText,
      metadata: jsonbObjectOrNull,
      inReplyToRootMessageId: uuidOrNull,
    },
    'all',
  );
  const values = { ...checked, id, createdAt: now, updatedAt: now };
  const rows = await ex.db
    .insert(messageTable)
    .values(values)
    .onConflictDoNothing({ target: messageTable.id })
    .returning();
  const row = rows[0];
  // Any existing row with the id (the caller's own included, as the reference refuses a duplicate)
  if (!row) throw idConflict('createMessage', 'data.messageId', values.id);
  const message = toMessage(row);
  // As the reference's, the answer has the reply link only when one was given (reads give null).
  if (data.inReplyToRootMessageId === undefined) delete message.inReplyToRootMessageId;
  return message;
}

/** The message with this id, or null. */
export async function getMessageById(ex: SqlExecutor, id: UUID): Promise<Message | null> {
  assertUuid('id', id);
  return selectById(ex, messageTable, id, toMessage);
}

/** Applies `patch` (absent or null fields keep their value) and returns the message, or null when absent. */
export async function updateMessage(
  ex: SqlExecutor,
  id: UUID,
  patch: UpdateMessageInput,
): Promise<Message | null> {
  assertUuid('id', id);
  if (patch === null || typeof patch !== 'object') throw invalidInput('patch', patch, 'an object');
  const changes = {
    ...checkedFields(
      'patch',
      patch,
      {
        content: requiredText,
        rawMessage: jsonbObjectOrNull,
        sourceType: optionalText,
        sourceId: optionalText,
        metadata: jsonbObjectOrNull,
        inReplyToRootMessageId: assertUuid,
      },
      'nonNull',
    ),
    updatedAt: new Date(),
  };
  return firstRow(
    ex.db.update(messageTable).set(changes).where(eq(messageTable.id, id)).returning(),
    toMessage,
  );
}

/** Deletes a message (replies keep existing with `inReplyToRootMessageId` cleared by the foreign key). */
export async function deleteMessage(ex: SqlExecutor, messageId: UUID): Promise<void> {
  assertUuid('messageId', messageId);
  await ex.db.delete(messageTable).where(eq(messageTable.id, messageId));
}

function toDate(field: string, value: unknown): Date {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number' || typeof value === 'string'
        ? new Date(value)
        : null;
  if (!date || Number.isNaN(date.getTime())) throw invalidInput(field, value, 'a valid Date');
  return date;
}

/** The query of a channel's newest messages (optionally below `before`): an index scan on the channel index. */
export function channelMessagesQuery(ex: SqlExecutor, channelId: UUID, limit: number, before?: SQL) {
  const condition = eq(messageTable.channelId, channelId);
  return ex.db
    .select({
      message: messageTable,
      cursorAt: sql<string>`to_char(${messageTable.createdAt}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    })
    .from(messageTable)
    .where(before ? and(condition, before) : condition)
    .orderBy(desc(messageTable.createdAt), desc(messageTable.id))
    .limit(limit);
}

/**
 * A channel's newest `limit` messages (default 50), newest first; with `beforeTimestamp`, only those
 * created strictly before it (the reference's paging; messages sharing the boundary timestamp are
 * skipped by it: use {@link getMessagesForChannelPage} to page without gaps).
 */
export async function getMessagesForChannel(
  ex: SqlExecutor,
  channelId: UUID,
  limit = 50,
  beforeTimestamp?: Date,
): Promise<Message[]> {
  assertUuid('channelId', channelId);
  const count = assertCount('limit', limit, 50);
  const before =
    beforeTimestamp === undefined || beforeTimestamp === null
      ? undefined
      : lt(messageTable.createdAt, toDate('beforeTimestamp', beforeTimestamp));
  const rows = await channelMessagesQuery(ex, channelId, count, before);
  return rows.map((row) => toMessage(row.message));
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, UUID] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      /^\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(parsed[0])
    ) {
      return [parsed[0], assertUuid('cursor id', parsed[1])];
    }
  } catch {
    // fall through to the typed error below
  }
  throw invalidInput('cursor', cursor, 'a nextCursor returned by getMessagesForChannelPage');
}

/**
 * One page of a channel's messages, newest first, keyed by (created_at, id): following `nextCursor`
 * visits every message exactly once, even when many share a timestamp.
 */
export async function getMessagesForChannelPage(
  ex: SqlExecutor,
  channelId: UUID,
  options: MessagePageOptions = {},
): Promise<MessagePage> {
  assertUuid('channelId', channelId);
  const limit = assertCount('limit', options.limit, 50, 1000);
  let before: SQL | undefined;
  if (options.cursor !== undefined && options.cursor !== null) {
    if (typeof options.cursor !== 'string') throw invalidInput('cursor', options.cursor, 'a string');
    const [createdAt, id] = decodeCursor(options.cursor);
    before = sql`(${messageTable.createdAt}, ${messageTable.id}) < (${createdAt}::timestamp, ${id})`;
  }
  const rows = await channelMessagesQuery(ex, channelId, limit + 1, before);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    messages: page.map((row) => toMessage(row.message)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.message.id) : null,
  };
}
