import {
  CORE_EXTENSIONS,
  createDatabaseDriver,
  type DatabaseDriver,
  DriverClosedError,
  InvalidDriverOptionsError,
} from '@eliza-sql/core-schema/driver';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { createPgExecutor, type PgExecutorContext, preparedByDefault } from './pg-executor.js';
import { createPgPoolConnection } from './pg-pool-connection.js';
import { getPgPoolRegistry, type PgPoolRegistry } from './pool-registry.js';

/** Options of {@link createPgDriver}. */
export interface PgDriverOptions {
  /** PostgreSQL connection URL (`postgres://user:pass@host:5432/db`). Required. */
  url: string;
  /** Maximum connections in the pool (default 20). */
  max?: number;
  /** Close a connection idle this long, in ms (default 30000). */
  idleTimeoutMs?: number;
  /** Give up connecting after this long, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** Use named prepared statements (default true); false for PgBouncer in transaction mode. */
  prepare?: boolean;
  /** `application_name` reported to the server (default: postgres.js's, the script name). */
  applicationName?: string;
  /** Pool registry to share pools in (default: the process-wide {@link getPgPoolRegistry}). */
  registry?: PgPoolRegistry;
}

const BACKEND = { backend: 'postgres', factory: 'createPgDriver' } as const;

function positive(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved <= 0) {
    throw new InvalidDriverOptionsError(option, value, 'a positive number', BACKEND);
  }
  return resolved;
}

/**
 * Opens a PostgreSQL driver on the shared pool for these options and checks the server answers.
 * Rejects with the connection error (and releases the pool) when it does not.
 */
export async function createPgDriver(options: PgDriverOptions): Promise<DatabaseDriver> {
  if (typeof options.url !== 'string' || !/^postgres(ql)?:\/\//.test(options.url)) {
    throw new InvalidDriverOptionsError('url', options.url, 'a postgres:// or postgresql:// URL', BACKEND);
  }
  const poolOptions = {
    url: options.url,
    max: positive('max', options.max, 20),
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 30_000),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 5_000),
    prepare: options.prepare ?? true,
    applicationName: options.applicationName,
  };
  const lease = (options.registry ?? getPgPoolRegistry()).acquire(poolOptions);
  let closing: Promise<void> | undefined;
  const context: PgExecutorContext = {
    dialect: new PgDialect(),
    prepare: poolOptions.prepare,
    assertOpen(operation) {
      if (closing || lease.ended) throw new DriverClosedError(operation, BACKEND);
    },
  };
  const db = drizzle({ client: preparedByDefault(lease.sql, poolOptions.prepare) });
  const root = createPgExecutor(lease.sql, db, context, lease.sql);

  return createDatabaseDriver({
    executor: root,
    capabilities: {
      backend: 'postgres',
      maxConcurrentConnections: poolOptions.max,
      rowLevelSecurity: true,
      approximateVectorIndexes: true,
    },
    extensions: CORE_EXTENSIONS, // capabilities list those the server has available
    connection: createPgPoolConnection(lease.sql, (operation) => context.assertOpen(operation)),
    close() {
      closing ??= lease.release();
      return closing;
    },
  });
}
