import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { createMigrator } from '@eliza-sql/migrator';
import { sql } from 'drizzle-orm';
import { index, jsonb, pgSchema, text, timestamp, uuid, vector } from 'drizzle-orm/pg-core';

// Your own Drizzle schema: the module-like object of tables / enums / pgSchemas.
const notesSchema = pgSchema('my_notes');
export const notes = notesSchema.table(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    meta: jsonb('meta').notNull().default({}),
    embedding: vector('embedding', { dimensions: 384 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notes_embedding_hnsw').using('hnsw', t.embedding.op('vector_cosine_ops'))],
);
const schema = { notesSchema, notes };

// Any executor works: an eliza-sql driver (PGlite here; createPgDriver({ url }) for PostgreSQL) or your own.
const driver = await createPgliteDriver({ dataDir: 'memory://quick-start' });
const migrator = createMigrator(driver, { logger: console });

console.log((await migrator.plan('my-notes', schema)).statements.map((s) => s.sql));
const first = await migrator.migrate('my-notes', schema); // creates schema, extension, table, index
const second = await migrator.migrate('my-notes', schema); // nothing to do
console.log(first.applied, first.statements.length, second.applied, await migrator.status('my-notes'));
await driver.close();
