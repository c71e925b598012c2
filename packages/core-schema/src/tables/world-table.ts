import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';

/** `worlds`: a server/guild-level grouping of rooms. */
export const worldTable = pgTable('worlds', {
  id: uuid('id').notNull().primaryKey().default(sql`gen_random_uuid()`),
  agentId: uuid('agent_id')
    .notNull()
    .references(() => agentTable.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  metadata: jsonb('metadata').$type<JsonObject>(),
  messageServerId: uuid('message_server_id'),
  createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
});
