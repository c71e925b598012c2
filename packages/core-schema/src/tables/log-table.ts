import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import { entityTable } from './entity-table.js';
import { roomTable } from './room-table.js';

/**
 * `logs`: agent run/action/model logs.
 *
 * Shape note: the reference source declares FKs named `fk_room` / `fk_user` here too, but databases it
 * created hold those names on `participants` only (its migrator keeps one constraint per name).
 * Additive (not in the reference): the primary key on `id` (always `gen_random_uuid()`, so existing
 * rows cannot collide) and the indexes below.
 */
export const logTable = pgTable(
  'logs',
  {
    id: uuid('id').defaultRandom().notNull().primaryKey(),
    createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => entityTable.id, { onDelete: 'cascade' }),
    body: jsonb('body').notNull(),
    type: text('type').notNull(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => roomTable.id, { onDelete: 'cascade' }),
  },
  (table) => [
    index('idx_logs_room_created').on(table.roomId, table.createdAt),
    index('idx_logs_type_created').on(table.type, table.createdAt),
    index('idx_logs_entity_type').on(table.entityId, table.type),
  ],
);
