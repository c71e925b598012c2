/**
 * One raw-SQL interface over both drivers, so a bare statement is written once for both backends:
 * PGlite (`query(text, params)`) and postgres.js (`unsafe(text, params)`). Used for the bare baseline
 * and for loading the same rows into every subject's database.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';

export interface BareDb {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  transaction<T>(fn: (tx: BareDb) => Promise<T>): Promise<T>;
  /** `COPY table (columns) FROM STDIN` of tab-separated lines (each ending in a newline). */
  copy(table: string, columns: readonly string[], lines: readonly string[]): Promise<void>;
}

type PgliteLike = PGlite | Transaction;

export function createPgliteBareDb(pg: PgliteLike): BareDb {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await pg.query<T>(text, [...params])).rows;
    },
    transaction(fn) {
      if (!('transaction' in pg)) return fn(this);
      return pg.transaction((tx) => fn(createPgliteBareDb(tx)));
    },
    async copy(table, columns, lines) {
      await pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob([lines.join('')]),
      });
    },
  };
}

export function createPostgresBareDb(sql: postgres.Sql | postgres.TransactionSql): BareDb {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[];
    },
    async transaction<T>(fn: (tx: BareDb) => Promise<T>): Promise<T> {
      if (!('begin' in sql)) return fn(this);
      return (await sql.begin((tx) => fn(createPostgresBareDb(tx)))) as T;
    },
    async copy(table, columns, lines) {
      const target = await sql.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
      const chunks = function* () {
        for (let i = 0; i < lines.length; i += 500) yield lines.slice(i, i + 500).join('');
      };
      await pipeline(Readable.from(chunks()), target);
    },
  };
}
