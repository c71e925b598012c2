import { sql } from 'drizzle-orm';
import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../timestamp-column.js';

/** `servers`: the server ids known to this database (used by row-level security). */
export const serverTable = pgTable('servers', {
  id: uuid('id').primaryKey(),
  createdAt: timestampColumn('created_at', { withTimezone: true }).default(sql`now()`).notNull(),
  updatedAt: timestampColumn('updated_at', { withTimezone: true }).default(sql`now()`).notNull(),
});
