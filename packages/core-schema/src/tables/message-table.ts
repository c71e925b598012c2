import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { channelTable } from './channel-table.js';

/** `central_messages`: messages of the central message bus, per channel. */
export const messageTable = pgTable(
  'central_messages',
  {
    id: text('id').primaryKey(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channelTable.id, { onDelete: 'cascade' }),
    authorId: text('author_id').notNull(),
    content: text('content').notNull(),
    rawMessage: jsonb('raw_message'),
    inReplyToRootMessageId: text('in_reply_to_root_message_id').references(
      (): AnyPgColumn => messageTable.id,
      {
        onDelete: 'set null',
      },
    ),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    metadata: jsonb('metadata').$type<JsonObject>(),
    createdAt: timestampColumn('created_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
    updatedAt: timestampColumn('updated_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
  },
  // Additive (not in the reference): a channel's messages, newest first, paged by created_at.
  (table) => [index('idx_central_messages_channel_created').on(table.channelId, table.createdAt, table.id)],
);
