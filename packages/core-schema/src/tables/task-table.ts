import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';

/** `tasks`: scheduled or queued work for an agent. */
export const taskTable = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description'),
  roomId: uuid('room_id'),
  worldId: uuid('world_id'),
  entityId: uuid('entity_id'),
  agentId: uuid('agent_id')
    .notNull()
    .references(() => agentTable.id, { onDelete: 'cascade' }),
  tags: text('tags').array().default(sql`'{}'::text[]`),
  metadata: jsonb('metadata').$type<JsonObject>().default(sql`'{}'::jsonb`),
  createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`),
  updatedAt: timestampColumn('updated_at', { withTimezone: true }).default(sql`now()`),
});
