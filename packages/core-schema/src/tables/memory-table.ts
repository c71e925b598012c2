import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';
import { entityTable } from './entity-table.js';
import { roomTable } from './room-table.js';

/**
 * `memories`: messages, documents, fragments, facts... (`type` is the adapter's `tableName`).
 *
 * Shape note: the reference source also declares FKs named `fk_room` / `fk_user` on this table, but
 * its migrator keeps only one constraint per name across all tables, so databases it created have
 * them on `participants` only. This definition declares what those databases actually hold.
 */
export const memoryTable = pgTable(
  'memories',
  {
    id: uuid('id').primaryKey().notNull(),
    type: text('type').notNull(),
    createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
    content: jsonb('content').$type<JsonObject>().notNull(),
    entityId: uuid('entity_id').references(() => entityTable.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .references(() => agentTable.id, { onDelete: 'cascade' })
      .notNull(),
    roomId: uuid('room_id').references(() => roomTable.id, { onDelete: 'cascade' }),
    worldId: uuid('world_id'),
    unique: boolean('unique').default(true).notNull(),
    metadata: jsonb('metadata').$type<JsonObject>().default({}).notNull(),
  },
  (table) => [
    index('idx_memories_type_room').on(table.type, table.roomId),
    index('idx_memories_world_id').on(table.worldId),
    foreignKey({ name: 'fk_agent', columns: [table.agentId], foreignColumns: [agentTable.id] }).onDelete(
      'cascade',
    ),
    index('idx_memories_metadata_type').on(sql`((metadata->>'type'))`),
    index('idx_memories_document_id').on(sql`((metadata->>'documentId'))`),
    index('idx_fragments_order').on(sql`((metadata->>'documentId'))`, sql`((metadata->>'position'))`),
    check(
      'fragment_metadata_check',
      sql`CASE WHEN metadata->>'type' = 'fragment' THEN metadata ? 'documentId' AND metadata ? 'position' ELSE true END`,
    ),
    check(
      'document_metadata_check',
      sql`CASE WHEN metadata->>'type' = 'document' THEN metadata ? 'timestamp' ELSE true END`,
    ),
    // Additive (not in the reference): the adapter's hot reads, newest first, and FK-cascade lookups.
    index('idx_memories_room_type_created').on(table.roomId, table.type, table.createdAt),
    index('idx_memories_agent_type_created').on(table.agentId, table.type, table.createdAt),
    index('idx_memories_entity').on(table.entityId),
  ],
);
