import type { NativeConnection, Row } from '@eliza-sql/core-schema/driver';
import type { ReservedSql, Sql } from 'postgres';
import { ClientReleasedError } from './client-released-error.js';
import { normalizeRows } from './normalize-rows.js';

/** A result as node-postgres gives it (the fields plugins read). */
export interface PgPoolQueryResult<R extends Row = Row> {
  readonly rows: R[];
  /** Rows returned (SELECT) or affected (INSERT/UPDATE/DELETE); null when the command reports none. */
  readonly rowCount: number | null;
  readonly command: string;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly dataTypeID: number }>;
}

/** A checked-out connection, as node-postgres's `PoolClient`: queries run on one connection until `release()`. */
export interface PgPoolClient extends NativeConnection {
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<PgPoolQueryResult<R>>;
  /** Gives the connection back to the pool; idempotent. */
  release(): void;
}

/**
 * node-postgres's `Pool` everyday surface over the driver's postgres.js pool: what
 * `@elizaos/plugin-sql@1.7.2`'s `getConnection()` returns on PostgreSQL. No `end()`: the pool is the
 * driver's (shared, reference-counted); close the adapter instead.
 */
export interface PgPoolConnection extends NativeConnection {
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<PgPoolQueryResult<R>>;
  /** Reserves one connection (for `BEGIN` ... `COMMIT` across several queries). */
  connect(): Promise<PgPoolClient>;
}

/** Quotes one array element as node-postgres's `arrayString` does. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value instanceof Uint8Array) return `"\\\\x${Buffer.from(value).toString('hex')}"`;
  const text = String(prepareValue(value));
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

/** A parameter as node-postgres sends it: arrays as array literals, objects as JSON, dates as ISO text. */
function prepareValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

// Ad-hoc text is not prepared (as node-postgres, which prepares only named queries); without
// parameters postgres.js uses the simple protocol, so several statements may be sent at once, as with pg.
const unprepared = { prepare: false };

async function runQuery<R extends Row>(
  client: Sql | ReservedSql,
  text: string,
  params: unknown[] | undefined,
): Promise<PgPoolQueryResult<R>> {
  const values = (params ?? []).map(prepareValue) as never[];
  const result = await client.unsafe(text, values, unprepared);
  const rows = normalizeRows(result as unknown as R[], result.columns);
  return {
    rows,
    rowCount: typeof result.count === 'number' ? result.count : null,
    command: result.command ?? '',
    fields: (result.columns ?? []).map((c) => ({ name: c.name, dataTypeID: c.type })),
  };
}

/**
 * A node-postgres `Pool`-like view of `pool`. `assertOpen` throws the driver's typed error once the
 * driver is closed.
 */
export function createPgPoolConnection(pool: Sql, assertOpen: (operation: string) => void): PgPoolConnection {
  return {
    async query<R extends Row = Row>(text: string, params?: unknown[]) {
      assertOpen('connection.query');
      return runQuery<R>(pool, text, params);
    },
    async connect() {
      assertOpen('connection.connect');
      const reserved = await pool.reserve();
      let released = false;
      return {
        async query<R extends Row = Row>(text: string, params?: unknown[]) {
          if (released) throw new ClientReleasedError();
          assertOpen('client.query');
          return runQuery<R>(reserved, text, params);
        },
        release() {
          if (released) return;
          released = true;
          reserved.release();
        },
      };
    },
  };
}
