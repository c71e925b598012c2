import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';

/** `message_servers`: the central messaging servers (Discord guild, web UI server, ...). */
export const messageServerTable = pgTable('message_servers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  sourceType: text('source_type').notNull(),
  sourceId: text('source_id'),
  metadata: jsonb('metadata').$type<JsonObject>(),
  createdAt: timestampColumn('created_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
  updatedAt: timestampColumn('updated_at').default(sql`CURRENT_TIMESTAMP`).notNull(),
});
