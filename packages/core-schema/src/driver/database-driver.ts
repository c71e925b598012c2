/**
 * The driver contract: everything a backend gives the facade, and nothing more. A backend package
 * exports a factory resolving to a {@link DatabaseDriver}; `@eliza-sql/core-schema/driver/testing` is
 * its executable form. Backend differences are declared in {@link DriverCapabilities}, never guessed.
 *
 * Rows of `query` read alike on every backend: `timestamp`/`timestamptz`/`date` as `Date` (years 1–99
 * and BC exact), `json`/`jsonb` parsed, `int8`/`numeric` as strings, arrays as arrays with `null`
 * elements, text with every character.
 */
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** A Drizzle handle on any PostgreSQL-compatible backend (postgres.js, PGlite, ...). */
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT>;

/** A row of a raw query: column name to value. */
export type Row = Record<string, unknown>;

/** Where statements run: the driver (its pool) or an open transaction. Stores take one, never a global. */
export interface SqlExecutor {
  /** The Drizzle handle bound to this executor: its queries run here (in the transaction, if any). */
  readonly db: DrizzleDatabase;
  /** Runs one statement (a string is raw SQL, no parameters); rows as this file's header says. */
  query<R extends Row = Row>(statement: SQL | string): Promise<R[]>;
  /** Runs `fn` on one pinned connection: commits when it resolves, rolls back and rethrows when it throws; nested calls are savepoints. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** What a backend can do, declared as data so the facade never guesses from a URL. */
export interface DriverCapabilities {
  /** Backend name, for logs and errors: `'postgres'`, `'pglite'`, or a third party's. */
  readonly backend: string;
  /** How many connections may run statements at once (1 for an embedded single-connection engine). */
  readonly maxConcurrentConnections: number;
  /** Whether row-level security can be enforced (false when the only role bypasses it, as on PGlite). */
  readonly rowLevelSecurity: boolean;
  /**
   * Whether approximate nearest-neighbour indexes (pgvector's HNSW) are built. False where keeping one
   * up to date costs more than exact scans at the sizes the backend holds (PGlite, in WebAssembly):
   * schemas migrate without them, and vector searches scan exactly.
   */
  readonly approximateVectorIndexes: boolean;
  /** Extensions `CREATE EXTENSION` can install here (e.g. `vector`, `fuzzystrmatch`). */
  readonly extensions: readonly string[];
  /** The version of each of {@link extensions}: installed, else what `CREATE EXTENSION` installs (read at open). */
  readonly extensionVersions: Readonly<Record<string, string>>;
}

/** The raw-SQL surface node-postgres and PGlite share (`$1` placeholders), what `getConnection()` returns. */
export interface NativeConnection {
  /** Runs `text` with `params` and resolves to the result's `rows`. */
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** One open backend, handed to the facade by a backend package's factory. */
export interface DatabaseDriver extends SqlExecutor {
  /** What this backend can do. */
  readonly capabilities: DriverCapabilities;
  /** The backend's own connection (the PGlite instance; a node-postgres `Pool`-like view of the pool). */
  readonly connection: NativeConnection;
  /** Runs `fn` in a transaction holding the exclusive lock `key` until it ends; other holders wait. */
  withLock<T>(key: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Resolves when the backend answers a trivial query; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  /** Releases this driver's hold on its pool or instance; idempotent. Later calls reject with `DRIVER_CLOSED`. */
  close(): Promise<void>;
}
