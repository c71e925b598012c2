/**
 * Driver overhead vs bare postgres.js, same server, same process:
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
 *     npx tsx --conditions=@eliza-sql/source packages/adapter-pg/bench/driver-overhead.ts
 */
import { compareOps } from '@eliza-sql/test-support/bench';
import { createTestDatabase } from '@eliza-sql/test-support';
import { sql } from 'drizzle-orm';
import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { createPgDriver, createPgPoolRegistry } from '../src/index.js';

const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl) throw new Error('set TEST_POSTGRES_URL (../shared/postgres-pgvector.sh start prints it)');

const rows = pgTable('bench_rows', {
  id: serial('id').primaryKey(),
  note: text('note').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

const database = await createTestDatabase(serverUrl, 'eliza_pg_bench');
const bare = postgres(database.url, { max: 1, onnotice: () => {} });
const driver = await createPgDriver({ url: database.url, max: 1, registry: createPgPoolRegistry() });
try {
  await driver.query(
    'create table bench_rows (id serial primary key, note text not null, at timestamptz not null)',
  );
  await compareOps('select 1', [
    { name: 'postgres.js sql`select 1` (bare)', run: () => bare`select 1` },
    {
      name: "postgres.js unsafe('select 1') (bare)",
      run: () => bare.unsafe('select 1', [], { prepare: true, simple: false } as postgres.UnsafeQueryOptions),
    },
    { name: "driver.query('select 1')", run: () => driver.query('select 1') },
    { name: 'driver.query(sql`select 1`)', run: () => driver.query(sql`select 1`) },
  ]);
  await compareOps('single-row insert', [
    {
      name: 'postgres.js insert (bare)',
      run: (i) => bare`insert into bench_rows (note, at) values (${`bare ${i}`}, ${new Date()})`,
    },
    {
      name: 'driver.query(sql`insert ...`)',
      run: (i) => driver.query(sql`insert into bench_rows (note, at) values (${`raw ${i}`}, ${new Date()})`),
    },
    {
      name: 'driver.db.insert() (drizzle)',
      run: (i) => driver.db.insert(rows).values({ note: `db ${i}`, at: new Date() }),
    },
  ]);
} finally {
  await driver.close();
  await bare.end();
  await database.drop();
}
