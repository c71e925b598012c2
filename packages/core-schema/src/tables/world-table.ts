import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';

/**
 * `worlds`: a server/guild-level grouping of rooms. Additive (not in the reference): `platform_server_id`,
 * the `serverId` a platform gave as it gave it (a chat server's own id is often not a UUID, and
 * `message_server_id` is `uuid`; the reference drops `serverId`).
 */
export const worldTable = pgTable('worlds', {
  id: uuid('id').notNull().primaryKey().default(sql`gen_random_uuid()`),
  agentId: uuid('agent_id')
    .notNull()
    .references(() => agentTable.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  metadata: jsonb('metadata').$type<JsonObject>(),
  messageServerId: uuid('message_server_id'),
  createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
  platformServerId: text('platform_server_id'),
});
