import type { DatabaseDriver, DriverCapabilities, SqlExecutor } from '@eliza-sql/core-schema/driver';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { isPgliteBootstrap, type PgliteBootstrap } from './cluster-seed.js';
import { DriverClosedError, InvalidPgliteDriverOptionsError } from './errors.js';
import { getPgliteInstanceRegistry, type PgliteInstanceRegistry } from './instance-registry.js';
import { createPgliteExecutor, currentTransaction, type PgliteExecutorContext } from './pglite-executor.js';

/**
 * Where `@elizaos/plugin-sql@1.7.2` actually keeps its PGlite data (its README says `./pglite`, its
 * code uses this): defaulting here keeps existing agents' data where it already is.
 */
export const DEFAULT_PGLITE_DATA_DIR = './.eliza/.elizadb';

/** Options of {@link createPgliteDriver}. */
export interface PgliteDriverOptions {
  /**
   * `memory://` (in-memory; `memory://<name>` for separate named instances) or a directory path,
   * created if missing. Use {@link DEFAULT_PGLITE_DATA_DIR} for the elizaOS default. Required.
   */
  dataDir: string;
  /** Instance registry to share instances in (default: the process-wide {@link getPgliteInstanceRegistry}). */
  registry?: PgliteInstanceRegistry;
  /**
   * How a `dataDir` without a database (missing or empty directory, or `memory://`) gets one:
   * `'bundled'` (default) copies the cluster built into this package, `'initdb'` runs PGlite's initdb,
   * `{ seed }` copies an archive of your own.
   */
  bootstrap?: PgliteBootstrap;
}

/**
 * Opens (or shares) the PGlite instance for `dataDir`, with the `vector` and `fuzzystrmatch`
 * extensions loaded. Rejects with `PGLITE_DATA_DIR_LOCKED` when another process has the directory open.
 */
export async function createPgliteDriver(options: PgliteDriverOptions): Promise<DatabaseDriver> {
  if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '') {
    throw new InvalidPgliteDriverOptionsError('dataDir', options.dataDir, "'memory://' or a directory path");
  }
  if (options.bootstrap !== undefined && !isPgliteBootstrap(options.bootstrap)) {
    throw new InvalidPgliteDriverOptionsError(
      'bootstrap',
      options.bootstrap,
      "'bundled', 'initdb' or { seed }",
    );
  }
  const registry = options.registry ?? getPgliteInstanceRegistry();
  const lease = await registry.acquire(options.dataDir, { bootstrap: options.bootstrap ?? 'bundled' });
  let closing: Promise<void> | undefined;
  const context: PgliteExecutorContext = {
    dialect: new PgDialect(),
    scope: lease.scope,
    assertOpen(operation) {
      if (closing) throw new DriverClosedError(operation);
    },
  };
  const root = createPgliteExecutor(lease.pglite, drizzle({ client: lease.pglite }), context, lease.pglite);
  const capabilities: DriverCapabilities = {
    backend: 'pglite',
    maxConcurrentConnections: 1,
    // PGlite's only role is a superuser, which bypasses row-level security.
    rowLevelSecurity: false,
    extensions: ['vector', 'fuzzystrmatch'],
  };

  return {
    capabilities,
    // The instance itself, as @elizaos/plugin-sql@1.7.2's getConnection() gives it.
    connection: lease.pglite,
    /** Drizzle handle: inside a transaction's `fn` (same async context) it is that transaction's. */
    get db() {
      return currentTransaction(context)?.db ?? root.db;
    },
    query: root.query,
    transaction: root.transaction,
    withLock<T>(key: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      // The single connection already serialises transactions; the advisory lock keeps the semantics
      // identical to PostgreSQL (same key hash: hashtextextended(key, 0)).
      return root.transaction(async (tx) => {
        await tx.query(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
        return fn(tx);
      });
    },
    async ping() {
      await root.query('select 1');
    },
    close() {
      closing ??= lease.release();
      return closing;
    },
  };
}
