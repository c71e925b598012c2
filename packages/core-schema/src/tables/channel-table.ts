import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { JsonObject } from '../json-types.js';
import { messageServerTable } from './message-server-table.js';

/** `channels`: channels of a message server. */
export const channelTable = pgTable('channels', {
  id: text('id').primaryKey(),
  messageServerId: uuid('message_server_id')
    .notNull()
    .references(() => messageServerTable.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  type: text('type').notNull(),
  sourceType: text('source_type'),
  sourceId: text('source_id'),
  topic: text('topic'),
  metadata: jsonb('metadata').$type<JsonObject>(),
  createdAt: timestamp('created_at', { mode: 'date' }).default(sql`CURRENT_TIMESTAMP`).notNull(),
  updatedAt: timestamp('updated_at', { mode: 'date' }).default(sql`CURRENT_TIMESTAMP`).notNull(),
});
