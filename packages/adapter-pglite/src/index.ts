/**
 * @eliza-sql/adapter-pglite: the embedded backend (PGlite + drizzle-orm/pglite).
 * `createPgliteDriver()` resolves to the `DatabaseDriver` of `@eliza-sql/core-schema/driver`.
 * What the README documents is exported here; the lock primitives and option guards stay internal.
 */
export { createPgliteDriver, DEFAULT_PGLITE_DATA_DIR, type PgliteDriverOptions } from './pglite-driver.js';
// The shared driver errors, re-exported under the names users of this package already import.
export {
  DriverClosedError,
  InvalidDriverOptionsError as InvalidPgliteDriverOptionsError,
  isDriverClosedError,
} from '@eliza-sql/core-schema/driver';
export { type DataDirLockHolder, PgliteDataDirLockedError } from './pglite-data-dir-locked-error.js';
export {
  createPgliteInstanceRegistry,
  getPgliteInstanceRegistry,
  type PgliteInstanceRegistry,
  type PgliteInstanceRegistryEntry,
  type PgliteLease,
  type PgliteOpenOptions,
} from './instance-registry.js';
export {
  createClusterSeed,
  type PgliteBootstrap,
  type PgliteSeed,
  readBundledClusterSeed,
} from './cluster-seed.js';
// A seed that is not a valid archive is refused with this error (code INVALID_TAR_ARCHIVE).
export { InvalidTarArchiveError } from './tar-archive.js';
export { backupPgliteDataDir } from './backup-pglite-data-dir.js';
export { restorePgliteDataDir } from './restore-pglite-data-dir.js';
export { PgliteDataDirNotEmptyError } from './pglite-data-dir-not-empty-error.js';
