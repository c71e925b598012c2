import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { invalidInput } from '../errors.js';

/**
 * What the data-isolation functions accept: a driver or transaction (`SqlExecutor`), or an adapter
 * (the reference's functions take the adapter: `installRLSFunctions(adapter)` works here too).
 */
export type IsolationTarget =
  | SqlExecutor
  | {
      getDriver(): Promise<DatabaseDriver>;
      getDataIsolation?(): { readonly serverId: UUID } | undefined;
    };

function isExecutor(target: unknown): target is SqlExecutor {
  const t = target as Partial<SqlExecutor> | null;
  return typeof t?.query === 'function' && typeof t.transaction === 'function';
}

/** The executor of `target` (an adapter's driver: its raw connection, without isolation context). */
export async function executorOf(target: IsolationTarget): Promise<SqlExecutor> {
  if (isExecutor(target)) return target;
  if (typeof (target as { getDriver?: unknown } | null)?.getDriver === 'function') {
    return (target as { getDriver(): Promise<DatabaseDriver> }).getDriver();
  }
  throw invalidInput('target', target, 'a DatabaseDriver, a transaction, or a SqlDatabaseAdapter');
}

/** The driver of `target` (for `withLock`); a bare transaction is refused. */
export async function driverOf(target: IsolationTarget): Promise<DatabaseDriver> {
  const ex = await executorOf(target);
  const d = ex as Partial<DatabaseDriver>;
  if (typeof d.withLock !== 'function' || !d.capabilities) {
    throw invalidInput(
      'target',
      target,
      'a DatabaseDriver or a SqlDatabaseAdapter (a transaction cannot take the lock)',
    );
  }
  return ex as DatabaseDriver;
}

/** `serverId` when given, else the adapter's isolation server id. */
export function serverIdOf(target: IsolationTarget, serverId: UUID | undefined): UUID | undefined {
  if (serverId !== undefined) return serverId;
  return isExecutor(target) ? undefined : target.getDataIsolation?.()?.serverId;
}
