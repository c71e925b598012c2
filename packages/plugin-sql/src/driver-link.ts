import type { DatabaseDriver, DrizzleDatabase } from '@eliza-sql/core-schema/driver';

/**
 * The property under which a driver's Drizzle database points back to its driver. Registered, so
 * every copy of this package loaded in one process agrees on it.
 */
const DRIVER_LINK: unique symbol = Symbol.for('@eliza-sql/plugin-sql/driver-link') as never;

/**
 * Links `db` (a driver's root Drizzle database) to `driver`, non-enumerably: the elizaOS server
 * hands only `adapter.getDatabase()` to `DatabaseMigrationService.initializeWithDatabase`, which
 * finds the driver again with {@link linkedDriver}.
 */
export function linkDriver(db: DrizzleDatabase, driver: DatabaseDriver): void {
  Object.defineProperty(db, DRIVER_LINK, { value: driver, enumerable: false, configurable: true });
}

/** The driver `db` was linked to by {@link linkDriver}, or `undefined` for any other value. */
export function linkedDriver(db: unknown): DatabaseDriver | undefined {
  if (typeof db !== 'object' || db === null) return undefined;
  return (db as { [DRIVER_LINK]?: DatabaseDriver })[DRIVER_LINK];
}
