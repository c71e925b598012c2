import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';

/**
 * `rooms`: conversation spaces (a DM, a channel, ...), optionally inside a world. Additive (not in the
 * reference): `platform_server_id`, the `serverId` a platform gave as it gave it (see `worlds`).
 */
export const roomTable = pgTable('rooms', {
  id: uuid('id').notNull().primaryKey().default(sql`gen_random_uuid()`),
  agentId: uuid('agent_id').references(() => agentTable.id, { onDelete: 'cascade' }),
  source: text('source').notNull(),
  type: text('type').notNull(),
  messageServerId: uuid('message_server_id'),
  worldId: uuid('world_id'),
  name: text('name'),
  metadata: jsonb('metadata').$type<JsonObject>(),
  channelId: text('channel_id'),
  createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
  platformServerId: text('platform_server_id'),
});
