import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
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
  createdAt: timestampColumn('created_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
  updatedAt: timestampColumn('updated_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
});
