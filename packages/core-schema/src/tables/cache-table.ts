import { sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';
import { agentTable } from './agent-table.js';

/** `cache`: an agent's key/value cache with optional expiry. */
export const cacheTable = pgTable(
  'cache',
  {
    key: text('key').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agentTable.id, { onDelete: 'cascade' }),
    value: jsonb('value').notNull(),
    createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
    expiresAt: timestampColumn('expires_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.key, table.agentId] })],
);
