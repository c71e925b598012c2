/**
 * The driver contract: everything a backend gives the facade, and nothing more.
 *
 * A backend package (`@eliza-sql/adapter-pg`, `@eliza-sql/adapter-pglite`, or a third party's) exports
 * a factory that resolves to a {@link DatabaseDriver}. The facade (`@eliza-sql/plugin-sql`) owns all
 * store logic and reaches the database only through this contract; the migrator needs only the
 * {@link SqlExecutor} subset. Backend differences are declared in {@link DriverCapabilities}, never
 * guessed from a URL. The shared contract test suite (`@eliza-sql/adapter-pg` and `-pglite` run it)
 * is the executable form of this file.
 *
 * This entry point is types only: importing it loads no code.
 */
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** A Drizzle handle on any PostgreSQL-compatible backend (postgres.js, PGlite, ...). */
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT>;

/** A row of a raw query: column name to value. */
export type Row = Record<string, unknown>;

/**
 * Something statements run on: the driver itself (its pool), or an open transaction.
 * Store functions take one of these and never capture a global handle ("thread the executor").
 */
export interface SqlExecutor {
  /** The Drizzle handle bound to this executor: queries built on it run here (in the transaction, if any). */
  readonly db: DrizzleDatabase;
  /**
   * Runs one statement and returns its rows, normalised identically on every backend:
   * `timestamp`/`timestamptz`/`date` as `Date`, `json`/`jsonb` parsed, `int8` and `numeric` as strings,
   * arrays as arrays. A plain string is sent as raw SQL with no parameters (one statement).
   */
  query<R extends Row = Row>(statement: SQL | string): Promise<R[]>;
  /**
   * Runs `fn` in a transaction on one pinned connection: commits when it resolves, rolls back when it
   * throws (rethrowing the error). Calling `transaction` on a transaction's executor opens a savepoint.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** What a backend can do, declared as data so the facade never guesses from a URL. */
export interface DriverCapabilities {
  /** Backend name, for logs and errors: `'postgres'`, `'pglite'`, or a third party's. */
  readonly backend: string;
  /** How many connections may run statements at the same time (1 for an embedded single-connection engine). */
  readonly maxConcurrentConnections: number;
  /** Whether row-level security can be enforced (false when the only role bypasses it, as on PGlite). */
  readonly rowLevelSecurity: boolean;
  /** Extensions `CREATE EXTENSION` can install here (e.g. `vector`, `fuzzystrmatch`). */
  readonly extensions: readonly string[];
}

/**
 * The raw-SQL surface node-postgres and PGlite share: `query(text, params)` with `$1` placeholders,
 * resolving to an object with the result `rows`. Plugins written for `@elizaos/plugin-sql` call it on
 * `runtime.getConnection()`.
 */
export interface NativeConnection {
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** One open backend, handed to the facade by a backend package's factory. */
export interface DatabaseDriver extends SqlExecutor {
  /** What this backend can do. */
  readonly capabilities: DriverCapabilities;
  /** The backend's own connection (the PGlite instance; a node-postgres `Pool`-like view of the pool). */
  readonly connection: NativeConnection;
  /**
   * Runs `fn` in a transaction that first takes an exclusive lock named by `key`, held until the
   * transaction ends (a transaction-scoped advisory lock); other holders of the same key wait.
   */
  withLock<T>(key: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Resolves when the backend answers a trivial query; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  /** Releases this driver's hold on the connection (pool or instance); idempotent. Later calls reject. */
  close(): Promise<void>;
}
