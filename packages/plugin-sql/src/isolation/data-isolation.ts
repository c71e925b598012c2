import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { ElizaSqlError } from '../errors.js';
import { assertUuid } from '../validation.js';
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
 * Refuses (ISOLATION_BYPASSED) when the connected role is a superuser or has BYPASSRLS: row-level
 * security would silently enforce nothing for it.
 */
export async function assertIsolationEnforced(ex: SqlExecutor): Promise<void> {
  const rows = await ex.query<{ role: string; rolsuper: boolean; rolbypassrls: boolean }>(
    `SELECT current_user::text AS role, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const role = rows[0];
  if (role && (role.rolsuper || role.rolbypassrls)) {
    const why = role.rolsuper ? 'SUPERUSER' : 'BYPASSRLS';
    throw new ElizaSqlError(
      'ISOLATION_BYPASSED',
      `data isolation: connected as role "${role.role}", which has ${why} and so bypasses row-level security; ` +
        `connect as a role with NOSUPERUSER NOBYPASSRLS (e.g. CREATE ROLE eliza_app LOGIN NOSUPERUSER NOBYPASSRLS) ` +
        'and install isolation as the tables owner (installDataIsolation)',
    );
  }
}

/** Registers a server id in `servers` (no-op when present) and returns it. */
export async function getOrCreateRlsServer(target: IsolationTarget, serverId: UUID): Promise<UUID> {
  const id = assertUuid('serverId', serverId);
  const ex = await executorOf(target);
  await ex.query(sql`INSERT INTO servers (id) VALUES (${id}) ON CONFLICT (id) DO NOTHING`);
  return id;
}

/**
 * Sets the transaction-local isolation context on `tx` (parameterised `set_config(..., true)`): the
 * server id, and the entity id or none. Throws INVALID_INPUT for ids that are not UUIDs.
 */
export async function setIsolationContext(
  tx: SqlExecutor,
  serverId: UUID,
  entityId: UUID | null,
): Promise<void> {
  const server = assertUuid('serverId', serverId);
  const entity = entityId === null ? '' : assertUuid('entityId', entityId);
  await tx.query(
    sql`SELECT set_config('app.server_id', ${server}, true), set_config('app.entity_id', ${entity}, true)`,
  );
}

/**
 * The reference's `setServerContext`: checks that `serverId` is a UUID and a registered server.
 * `target` is what the elizaOS server passes (the adapter), a driver, or a transaction; on a
 * transaction it also sets the server context for the rest of that transaction (an adapter runs each
 * call in its own transaction with its configured server, so there is nothing to set on it).
 */
export async function setServerContext(target: IsolationTarget, serverId: UUID): Promise<void> {
  const id = assertUuid('serverId', serverId);
  const ex = await executorOf(target);
  const found = await ex.query(sql`SELECT 1 FROM servers WHERE id = ${id}`);
  if (found.length === 0) {
    throw new ElizaSqlError(
      'INVALID_INPUT',
      `serverId: server ${id} does not exist (getOrCreateRlsServer first)`,
    );
  }
  await ex.query(sql`SELECT set_config('app.server_id', ${id}, true)`);
}

/**
 * Moves an agent's row to `serverId` (run as the tables owner or a BYPASSRLS role: the policies let
 * no isolated connection move rows between servers). Returns false when the agent does not exist.
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
 * The whole installation, under the isolation lock: context functions, every public table isolated
 * (existing rows without a server id go to `serverId`), and `serverId` registered. Run it as the
 * tables owner (a superuser may install; only the adapter refuses to RUN as one). Idempotent.
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
        'ENABLE_DATA_ISOLATION=true, or call installDataIsolation(driver, { serverId })',
    );
  }
}

/** Turns isolation off (under the isolation lock); see {@link uninstallRLS}. Returns the DDL run. */
export async function uninstallDataIsolation(target: IsolationTarget): Promise<string[]> {
  const driver = await driverOf(target);
  return driver.withLock(ISOLATION_LOCK_KEY, (tx) => uninstallRLS(tx));
}
