/** Channels of message servers and their participants. Multi-statement writes are transactions. */
import type { UUID } from '@elizaos/core';
import { channelParticipantsTable, channelTable, messageTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { chunkRows } from './chunk.js';
import { selectById } from './select-by-id.js';
import { idConflict } from './id-conflict.js';
import { createMembership } from './membership.js';
import type { Channel, CreateChannelInput, UpdateChannelInput } from './messaging-types.js';
import { checkedFields } from './checked-fields.js';
import { toChannel } from './row-mappers.js';
import { selectOldestFirst } from './select-oldest-first.js';
import { assertUuidList, jsonbObjectOrNull, newUuid, optionalText, requiredText } from './store-values.js';

/** `DM_CHANNEL_TYPE` of `@elizaos/core` (a literal, so this module loads no core code). */
const DM_CHANNEL_TYPE = 'DM';

const channelMembers = createMembership(
  channelParticipantsTable.channelId,
  channelParticipantsTable.entityId,
);

async function insertParticipants(ex: SqlExecutor, channelId: UUID, entityIds: UUID[]): Promise<void> {
  const values = [...new Set(entityIds)].map((entityId) => ({ channelId, entityId }));
  for (const chunk of chunkRows(values, 2)) {
    await ex.db.insert(channelParticipantsTable).values(chunk).onConflictDoNothing();
  }
}

async function selectChannel(ex: SqlExecutor, channelId: UUID): Promise<Channel | null> {
  return selectById(ex, channelTable, channelId, toChannel);
}

/**
 * Creates a channel with its participants in one transaction and returns the channel as stored.
 * When `data.id` names an existing channel, it is left unchanged (the participants are still added).
 */
export async function createChannel(
  ex: SqlExecutor,
  data: CreateChannelInput,
  participantIds?: UUID[],
): Promise<Channel> {
  if (data === null || typeof data !== 'object') throw invalidInput('data', data, 'a channel object');
  const id = data.id ? assertUuid('data.id', data.id) : newUuid();
  const participants = participantIds === undefined ? [] : assertUuidList('participantIds', participantIds);
  const now = new Date();
  const checked = checkedFields(
    'data',
    data,
    {
      messageServerId: assertUuid,
      name: requiredText,
      type: requiredText,
      sourceType: optionalText,
      sourceId: optionalText,
      topic: optionalText,
      metadata: jsonbObjectOrNull,
    },
    'all',
  );
  const values = {
    ...checked,
    id,
    messageServerId: checked.messageServerId as UUID,
    createdAt: now,
    updatedAt: now,
  };
  return ex.transaction(async (tx) => {
    await tx.db.insert(channelTable).values(values).onConflictDoNothing();
    // Not inserted and not visible: the id is held by a row the caller cannot see (another server's);
    // checked before the participants, whose insert would otherwise fail differently.
    if (!(await selectChannel(tx, id))) throw idConflict('createChannel', 'data.id', id);
    await insertParticipants(tx, id, participants);
    const stored = await selectChannel(tx, id);
    if (!stored) throw invalidInput('data.id', id, 'a channel id that is not being deleted concurrently');
    return stored;
  });
}

/** The channels of a message server, oldest first. */
export async function getChannelsForMessageServer(
  ex: SqlExecutor,
  messageServerId: UUID,
): Promise<Channel[]> {
  assertUuid('messageServerId', messageServerId);
  return selectOldestFirst(ex, channelTable, eq(channelTable.messageServerId, messageServerId), toChannel);
}

/** The channel with this id, or null. */
export async function getChannelDetails(ex: SqlExecutor, channelId: UUID): Promise<Channel | null> {
  return selectChannel(ex, assertUuid('channelId', channelId));
}

/**
 * Updates a channel's name/metadata (and `updated_at`) and, when `participantCentralUserIds` is given,
 * replaces its participants, atomically. Returns the updated channel; INVALID_INPUT when it does not exist.
 */
export async function updateChannel(
  ex: SqlExecutor,
  channelId: UUID,
  updates: UpdateChannelInput,
): Promise<Channel> {
  const id = assertUuid('channelId', channelId);
  if (updates === null || typeof updates !== 'object') throw invalidInput('updates', updates, 'an object');
  const changes = {
    ...checkedFields('updates', updates, {
      name: requiredText,
      metadata: jsonbObjectOrNull,
    }),
    updatedAt: new Date(),
  };
  const participants =
    updates.participantCentralUserIds === undefined
      ? undefined
      : assertUuidList('updates.participantCentralUserIds', updates.participantCentralUserIds);
  return ex.transaction(async (tx) => {
    const updated = await tx.db.update(channelTable).set(changes).where(eq(channelTable.id, id)).returning();
    const row = updated[0];
    if (!row) throw invalidInput('channelId', channelId, 'the id of an existing channel');
    if (participants !== undefined) {
      await tx.db.delete(channelParticipantsTable).where(eq(channelParticipantsTable.channelId, id));
      await insertParticipants(tx, id, participants);
    }
    return toChannel(row);
  });
}

/** Deletes a channel with its messages and participants, atomically (no-op when absent). */
export async function deleteChannel(ex: SqlExecutor, channelId: UUID): Promise<void> {
  const id = assertUuid('channelId', channelId);
  await ex.transaction(async (tx) => {
    await tx.db.delete(messageTable).where(eq(messageTable.channelId, id));
    await tx.db.delete(channelParticipantsTable).where(eq(channelParticipantsTable.channelId, id));
    await tx.db.delete(channelTable).where(eq(channelTable.id, id));
  });
}

/**
 * The DM channel of two users on a message server (named `DM-<lower id>-<higher id>`), created with both
 * as participants when absent. Concurrent calls for the same pair create one channel.
 */
export async function findOrCreateDmChannel(
  ex: SqlExecutor,
  user1Id: UUID,
  user2Id: UUID,
  messageServerId: UUID,
): Promise<Channel> {
  const ids = [assertUuid('user1Id', user1Id), assertUuid('user2Id', user2Id)].sort();
  const serverId = assertUuid('messageServerId', messageServerId);
  const name = `DM-${ids[0]}-${ids[1]}`;
  return ex.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`eliza-sql:dm:${serverId}:${name}`}))`);
    const sameDm = and(
      eq(channelTable.type, DM_CHANNEL_TYPE),
      eq(channelTable.name, name),
      eq(channelTable.messageServerId, serverId),
    );
    const [existing] = await selectOldestFirst(tx, channelTable, sameDm, toChannel, 1);
    return (
      existing ??
      createChannel(
        tx,
        {
          messageServerId: serverId,
          name,
          type: DM_CHANNEL_TYPE,
          metadata: { user1: ids[0], user2: ids[1] },
        },
        ids as UUID[],
      )
    );
  });
}

/** Adds participants to a channel (existing ones are kept). */
export async function addChannelParticipants(
  ex: SqlExecutor,
  channelId: UUID,
  entityIds: UUID[],
): Promise<void> {
  const id = assertUuid('channelId', channelId);
  const ids = assertUuidList('entityIds', entityIds);
  if (ids.length === 0) return;
  await ex.transaction((tx) => insertParticipants(tx, id, ids));
}

/** The entity ids participating in a channel. */
export async function getChannelParticipants(ex: SqlExecutor, channelId: UUID): Promise<UUID[]> {
  return channelMembers.memberIds(ex, assertUuid('channelId', channelId));
}

/** True when the entity participates in the channel. */
export async function isChannelParticipant(
  ex: SqlExecutor,
  channelId: UUID,
  entityId: UUID,
): Promise<boolean> {
  const id = assertUuid('channelId', channelId);
  return channelMembers.isMember(ex, id, assertUuid('entityId', entityId));
}
