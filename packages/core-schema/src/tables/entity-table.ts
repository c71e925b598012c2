import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import type { JsonObject } from '../json-types.js';
import { agentTable } from './agent-table.js';

/** `entities`: people, agents and other actors an agent knows, with their names. */
export const entityTable = pgTable(
  'entities',
  {
    id: uuid('id').notNull().primaryKey(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentTable.id, { onDelete: 'cascade' }),
    createdAt: timestampColumn('created_at').default(sql`now()`).notNull(),
    names: text('names').array().default(sql`'{}'::text[]`).notNull(),
    metadata: jsonb('metadata').$type<JsonObject>().default(sql`'{}'::jsonb`).notNull(),
  },
  (table) => [unique('id_agent_id_unique').on(table.id, table.agentId)],
);
