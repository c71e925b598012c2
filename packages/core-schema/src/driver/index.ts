/**
 * `@eliza-sql/core-schema/driver`: the driver contract and what every backend shares (errors, the
 * PostgreSQL text parsers, the advisory lock, the driver assembly). A backend package implements the
 * contract with these; `@eliza-sql/core-schema/driver/testing` checks that it does.
 */
export { CORE_EXTENSIONS } from './core-extensions.js';
export { createDatabaseDriver, type DatabaseDriverParts } from './create-database-driver.js';
export { DEFAULT_PGLITE_DATA_DIR } from './default-pglite-data-dir.js';
export type {
  DatabaseDriver,
  DriverCapabilities,
  DrizzleDatabase,
  NativeConnection,
  Row,
  SqlExecutor,
} from './database-driver.js';
export {
  DriverClosedError,
  type DriverClosedErrorOptions,
  isDriverClosedError,
} from './driver-closed-error.js';
export { InvalidDriverOptionsError } from './invalid-driver-options-error.js';
export { type NestedArray, parseArrayText } from './parse-array-text.js';
export { parseTimestampText } from './parse-timestamp-text.js';
export { readExtensionVersions } from './read-extension-versions.js';
export { skippedIndexMethods } from './skipped-index-methods.js';
export { withAdvisoryLock } from './with-advisory-lock.js';
