import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { ElizaSqlError, invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { bindTenantContext } from './bind-tenant-context.js';
import { driverOf, executorOf, type IsolationTarget, serverIdOf } from './isolation-target.js';
import {
  applyRLSToNewTables,
  findUnisolatedTables,
  type IsolationInstallReport,
  installRLSFunctions,
  uninstallRLS,
} from './install-rls.js';

/** Key of the lock installation and removal take (so concurrent starts install once). */
export const ISOLATION_LOCK_KEY = 'eliza-sql:data-isolation';

/** Options of data isolation: the server whose rows this adapter may see. */
export interface DataIsolationOptions {
  /** The server id (`ELIZA_SERVER_ID`, as a UUID). */
  readonly serverId: UUID;
}

/** Throws UNSUPPORTED_BY_BACKEND unless the driver declares row-level security. */
export function assertRowLevelSecurity(driver: DatabaseDriver): void {
  if (!driver.capabilities.rowLevelSecurity) {
    throw new ElizaSqlError(
      'UNSUPPORTED_BY_BACKEND',
      `data isolation (ENABLE_DATA_ISOLATION) needs row-level security, which backend "${driver.capabilities.backend}" cannot enforce: ` +
        'use PostgreSQL (POSTGRES_URL), or unset ENABLE_DATA_ISOLATION',
    );
  }
}

/**
 * Registers a server id in `servers` (no-op when present) and returns it: an owner operation (a
 * tenant may only register its own server; row-level security refuses any other).
 */
export async function getOrCreateRlsServer(target: IsolationTarget, serverId: UUID): Promise<UUID> {
  const id = assertUuid('serverId', serverId);
  const ex = await executorOf(target);
  await ex.query(sql`INSERT INTO servers (id) VALUES (${id}) ON CONFLICT (id) DO NOTHING`);
  return id;
}

/**
 * Sets the transaction-local entity context on `tx` and checks that the connection's login role is
 * bound to `serverId` (see {@link bindTenantContext}): the server itself comes from the login role,
 * not from anything set here. Throws INVALID_INPUT for ids that are not UUIDs, ISOLATION_NOT_INSTALLED
 * when the role is not bound to `serverId` or isolation is not installed.
 */
export async function setIsolationContext(
  tx: SqlExecutor,
  serverId: UUID,
  entityId: UUID | null,
): Promise<void> {
  await bindTenantContext(tx, serverId, entityId);
}

/**
 * The reference's `setServerContext`: checks that `serverId` is a UUID and the server of `target`.
 * On a tenant connection (a login role registered with {@link registerTenantRole}, e.g. an isolated
 * adapter) only its own server is accepted: a tenant cannot select another server's context
 * (INVALID_INPUT). On an owner connection (no registered role), as the reference, the server must be
 * registered in `servers`. Nothing is set: the server of a connection is its login role's.
 */
export async function setServerContext(target: IsolationTarget, serverId: UUID): Promise<void> {
  const id = assertUuid('serverId', serverId);
  const own = serverIdOf(target, undefined);
  if (own !== undefined && own !== id) {
    throw invalidInput('serverId', id, `this adapter's own server (${own})`);
  }
  const ex = await executorOf(target);
  const [installed] = await ex.query<{ ok: boolean }>(
    `SELECT to_regprocedure('public.current_server_id()') IS NOT NULL AS ok`,
  );
  if (installed?.ok === true) {
    const [row] = await ex.query<{ bound: string | null }>(
      'SELECT public.current_server_id()::text AS bound',
    );
    if (row?.bound) {
      if (row.bound !== id) {
        throw invalidInput(
          'serverId',
          id,
          "this connection's own server (its login role is bound to another)",
        );
      }
      return;
    }
  }
  const found = await ex.query(sql`SELECT 1 FROM servers WHERE id = ${id}`);
  if (found.length === 0) {
    throw new ElizaSqlError(
      'INVALID_INPUT',
      `serverId: server ${id} does not exist (getOrCreateRlsServer first)`,
    );
  }
}

/**
 * Moves an agent's row to `serverId`: an owner operation (the tables owner is not held to the
 * policies; no tenant connection can move rows between servers). Returns false when the agent does
 * not exist (or, run as a tenant, is not its own).
 */
export async function assignAgentToServer(
  target: IsolationTarget,
  agentId: UUID,
  serverId: UUID,
): Promise<boolean> {
  const agent = assertUuid('agentId', agentId);
  const server = assertUuid('serverId', serverId);
  const ex = await executorOf(target);
  const rows = await ex.query(sql`UPDATE agents SET server_id = ${server} WHERE id = ${agent} RETURNING id`);
  return rows.length > 0;
}

/**
 * The whole installation, under the isolation lock: the tenant mapping and context functions, every
 * public table isolated (existing rows without a server id go to `serverId`), and `serverId`
 * registered in `servers`. An owner operation: run it as the tables owner (the migration role; a
 * superuser may install, only the adapter refuses to RUN as one). Tenants are then bound with
 * {@link registerTenantRole}. Idempotent.
 */
export async function installDataIsolation(
  target: IsolationTarget,
  options: Partial<DataIsolationOptions> = {},
): Promise<IsolationInstallReport> {
  const serverId = assertUuid('serverId', serverIdOf(target, options.serverId));
  const driver = await driverOf(target);
  assertRowLevelSecurity(driver);
  return driver.withLock(ISOLATION_LOCK_KEY, async (tx) => {
    const functions = await installRLSFunctions(tx);
    const report = await applyRLSToNewTables(tx, { serverId });
    await getOrCreateRlsServer(tx, serverId);
    return { ...report, changes: [...functions, ...report.changes] };
  });
}

/** Throws ISOLATION_NOT_INSTALLED naming the tables isolation does not cover yet. */
export async function assertIsolationInstalled(ex: SqlExecutor): Promise<void> {
  const missing = await findUnisolatedTables(ex);
  if (missing.length > 0) {
    throw new ElizaSqlError(
      'ISOLATION_NOT_INSTALLED',
      `data isolation is not installed on: ${missing.join(', ')}; run the migrations as the tables owner with ` +
        'ENABLE_DATA_ISOLATION=true (POSTGRES_MIGRATION_URL), or call installDataIsolation(owner, { serverId })',
    );
  }
}

/**
 * Turns isolation off (under the isolation lock): an owner operation, see {@link uninstallRLS}; run
 * through a tenant's connection PostgreSQL refuses it and nothing changes. Returns the DDL run.
 */
export async function uninstallDataIsolation(target: IsolationTarget): Promise<string[]> {
  const driver = await driverOf(target);
  return driver.withLock(ISOLATION_LOCK_KEY, (tx) => uninstallRLS(tx));
}
