import {
  createDatabaseDriver,
  type DatabaseDriver,
  DriverClosedError,
  InvalidDriverOptionsError,
} from '@eliza-sql/core-schema/driver';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { isPgliteBootstrap, type PgliteBootstrap } from './cluster-seed.js';
import {
  getPgliteInstanceRegistry,
  PGLITE_EXTENSIONS,
  type PgliteInstanceRegistry,
} from './instance-registry.js';
import { createPgliteExecutor, type PgliteExecutorContext } from './pglite-executor.js';

export { DEFAULT_PGLITE_DATA_DIR } from '@eliza-sql/core-schema/driver';

const BACKEND = { backend: 'pglite', factory: 'createPgliteDriver' } as const;

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
    throw new InvalidDriverOptionsError(
      'dataDir',
      options.dataDir,
      "'memory://' or a directory path",
      BACKEND,
    );
  }
  if (options.bootstrap !== undefined && !isPgliteBootstrap(options.bootstrap)) {
    throw new InvalidDriverOptionsError(
      'bootstrap',
      options.bootstrap,
      "'bundled', 'initdb' or { seed }",
      BACKEND,
    );
  }
  const registry = options.registry ?? getPgliteInstanceRegistry();
  const lease = await registry.acquire(options.dataDir, { bootstrap: options.bootstrap ?? 'bundled' });
  let closing: Promise<void> | undefined;
  const context: PgliteExecutorContext = {
    dialect: new PgDialect(),
    scope: lease.scope,
    assertOpen(operation) {
      if (closing) throw new DriverClosedError(operation, BACKEND);
    },
  };
  const root = createPgliteExecutor(lease.pglite, drizzle({ client: lease.pglite }), context, lease.pglite);
  return createDatabaseDriver({
    executor: root,
    capabilities: {
      backend: 'pglite',
      maxConcurrentConnections: 1,
      // PGlite's only role is a superuser, which bypasses row-level security.
      rowLevelSecurity: false,
      // Inserting into an HNSW graph in WebAssembly costs several times an exact scan of the few
      // thousand vectors an embedded agent holds.
      approximateVectorIndexes: false,
    },
    extensions: Object.keys(PGLITE_EXTENSIONS), // what every instance loads
    // The instance itself, as @elizaos/plugin-sql@1.7.2's getConnection() gives it.
    connection: lease.pglite,
    close() {
      closing ??= lease.release();
      return closing;
    },
  });
}
