import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { linkedDriver } from './driver-link.js';
import { invalidInput } from './errors.js';

/** Whether `value` has the driver contract's members (an eliza-sql `DatabaseDriver`, any backend). */
export function isDatabaseDriver(value: unknown): value is DatabaseDriver {
  const d = value as Partial<DatabaseDriver> | null;
  return (
    typeof d?.query === 'function' &&
    typeof d.transaction === 'function' &&
    typeof d.withLock === 'function' &&
    typeof d.capabilities === 'object' &&
    d.capabilities !== null
  );
}

/**
 * The driver behind what a caller holds: a `DatabaseDriver` itself; an adapter (its `getDriver()`);
 * or an adapter's Drizzle database (`adapter.getDatabase()` / `adapter.db`, which is what the elizaOS
 * server passes to `DatabaseMigrationService.initializeWithDatabase`). Anything else, a Drizzle
 * database opened elsewhere included: INVALID_INPUT.
 */
export async function resolveDatabaseDriver(target: unknown): Promise<DatabaseDriver> {
  if (isDatabaseDriver(target)) return target;
  const adapter = target as { getDriver?: unknown } | null;
  if (typeof adapter?.getDriver === 'function') {
    const driver: unknown = await (adapter.getDriver as () => Promise<unknown>).call(adapter);
    if (isDatabaseDriver(driver)) return driver;
  }
  const linked = linkedDriver(target);
  if (linked) return linked;
  throw invalidInput(
    'database',
    target,
    'an eliza-sql DatabaseDriver, a SqlDatabaseAdapter, or its Drizzle database (adapter.getDatabase(), after init())',
  );
}
