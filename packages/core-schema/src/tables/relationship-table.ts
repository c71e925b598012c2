import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';
import { entityTable } from './entity-table.js';

/** `relationships`: a directed, tagged link between two entities, per agent. */
export const relationshipTable = pgTable(
  'relationships',
  {
    id: uuid('id').notNull().primaryKey().default(sql`gen_random_uuid()`),
    createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
    sourceEntityId: uuid('source_entity_id')
      .notNull()
      .references(() => entityTable.id, { onDelete: 'cascade' }),
    targetEntityId: uuid('target_entity_id')
      .notNull()
      .references(() => entityTable.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentTable.id, { onDelete: 'cascade' }),
    tags: text('tags').array(),
    metadata: jsonb('metadata').$type<JsonObject>(),
  },
  (table) => [
    index('idx_relationships_users').on(table.sourceEntityId, table.targetEntityId),
    unique('unique_relationship').on(table.sourceEntityId, table.targetEntityId, table.agentId),
    foreignKey({
      name: 'fk_user_a',
      columns: [table.sourceEntityId],
      foreignColumns: [entityTable.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'fk_user_b',
      columns: [table.targetEntityId],
      foreignColumns: [entityTable.id],
    }).onDelete('cascade'),
  ],
);
