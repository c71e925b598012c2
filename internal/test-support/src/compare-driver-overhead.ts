import { type SQL, sql } from 'drizzle-orm';
import {
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { type BenchCase, compareOps } from './bench.js';

/** The table the overhead benches insert into; {@link compareDriverOverhead} creates it through the driver. */
export const BENCH_ROWS_DDL =
  'create table bench_rows (id serial primary key, note text not null, at timestamptz not null)';

const rows = pgTable('bench_rows', {
  id: serial('id').primaryKey(),
  note: text('note').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/** The part of a `DatabaseDriver` (`@eliza-sql/core-schema/driver`, a dependent of this package) the bench uses. */
export interface BenchDriver {
  readonly db: PgDatabase<PgQueryResultHKT>;
  query(statement: SQL | string): Promise<unknown>;
}

/** The bare client's cases, the baselines: `select 1` ways, and one single-row insert into bench_rows. */
export interface BareCases {
  readonly select: readonly BenchCase[];
  readonly insert: BenchCase;
}

/**
 * An adapter's overhead over its bare client, same process: `select 1` and a single-row insert, bare
 * first, then through `driver.query` (text and sql``) and drizzle on `driver.db`.
 */
export async function compareDriverOverhead(driver: BenchDriver, bare: BareCases): Promise<void> {
  await driver.query(BENCH_ROWS_DDL);
  await compareOps('select 1', [
    ...bare.select,
    { name: "driver.query('select 1')", run: () => driver.query('select 1') },
    { name: 'driver.query(sql`select 1`)', run: () => driver.query(sql`select 1`) },
  ]);
  await compareOps('single-row insert', [
    bare.insert,
    {
      name: 'driver.query(sql`insert ...`)',
      run: (i) => driver.query(sql`insert into bench_rows (note, at) values (${`raw ${i}`}, ${new Date()})`),
    },
    {
      name: 'driver.db.insert() (drizzle)',
      run: (i) => driver.db.insert(rows).values({ note: `db ${i}`, at: new Date() }),
    },
  ]);
}
