import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';
import { entityTable } from './entity-table.js';
import { roomTable } from './room-table.js';
import { worldTable } from './world-table.js';

/** `components`: typed data attached to an entity (optionally scoped to a world / source entity). */
export const componentTable = pgTable(
  'components',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`).notNull(),
    entityId: uuid('entity_id')
      .references(() => entityTable.id, { onDelete: 'cascade' })
      .notNull(),
    agentId: uuid('agent_id')
      .references(() => agentTable.id, { onDelete: 'cascade' })
      .notNull(),
    roomId: uuid('room_id')
      .references(() => roomTable.id, { onDelete: 'cascade' })
      .notNull(),
    worldId: uuid('world_id').references(() => worldTable.id, { onDelete: 'cascade' }),
    sourceEntityId: uuid('source_entity_id').references(() => entityTable.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    data: jsonb('data').$type<JsonObject>().default(sql`'{}'::jsonb`),
    createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
  },
  // Additive (not in the reference): entities are read with their components by entity id.
  (table) => [index('idx_components_entity_type').on(table.entityId, table.type)],
);
