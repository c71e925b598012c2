import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import { agentTable } from './agent-table.js';
import { entityTable } from './entity-table.js';
import { roomTable } from './room-table.js';

/**
 * `participants`: which entities are in which rooms, with their room state (e.g. FOLLOWED/MUTED).
 * No uniqueness on (entity_id, room_id): databases created by the reference may hold duplicates.
 */
export const participantTable = pgTable(
  'participants',
  {
    id: uuid('id').notNull().primaryKey().default(sql`gen_random_uuid()`),
    createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
    entityId: uuid('entity_id').references(() => entityTable.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id').references(() => roomTable.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agentTable.id, { onDelete: 'cascade' }),
    roomState: text('room_state'),
  },
  (table) => [
    index('idx_participants_user').on(table.entityId),
    index('idx_participants_room').on(table.roomId),
    foreignKey({ name: 'fk_room', columns: [table.roomId], foreignColumns: [roomTable.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'fk_user', columns: [table.entityId], foreignColumns: [entityTable.id] }).onDelete(
      'cascade',
    ),
  ],
);
