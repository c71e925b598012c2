/**
 * Driver overhead vs a bare PGlite instance (both memory://), same process:
 *   npx tsx --conditions=@eliza-sql/source packages/adapter-pglite/bench/driver-overhead.ts
 */
import { PGlite } from '@electric-sql/pglite';
import { compareOps } from '@eliza-sql/test-support/bench';
import { sql } from 'drizzle-orm';
import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';

const rows = pgTable('bench_rows', {
  id: serial('id').primaryKey(),
  note: text('note').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
const ddl = 'create table bench_rows (id serial primary key, note text not null, at timestamptz not null)';

const bare = await PGlite.create('memory://');
const driver = await createPgliteDriver({
  dataDir: 'memory://bench',
  registry: createPgliteInstanceRegistry(),
});
try {
  await bare.exec(ddl);
  await driver.query(ddl);
  await compareOps('select 1', [
    { name: "PGlite.query('select 1') (bare)", run: () => bare.query('select 1') },
    { name: "driver.query('select 1')", run: () => driver.query('select 1') },
    { name: 'driver.query(sql`select 1`)', run: () => driver.query(sql`select 1`) },
  ]);
  await compareOps('single-row insert', [
    {
      name: 'PGlite.query(insert) (bare)',
      run: (i) => bare.query('insert into bench_rows (note, at) values ($1, $2)', [`bare ${i}`, new Date()]),
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
  await bare.close();
}
