/**
 * @eliza-sql/adapter-pg: the PostgreSQL backend (postgres.js + drizzle-orm/postgres-js).
 * `createPgDriver()` resolves to the `DatabaseDriver` of `@eliza-sql/core-schema/driver`.
 */
// The shared driver errors, re-exported under the names users of this package already import.
export {
  DriverClosedError,
  InvalidDriverOptionsError as InvalidPgDriverOptionsError,
  isDriverClosedError,
} from '@eliza-sql/core-schema/driver';
export { ClientReleasedError } from './client-released-error.js';
export { createPgDriver, type PgDriverOptions } from './pg-driver.js';
export {
  createPgPoolRegistry,
  getPgPoolRegistry,
  type PgPoolLease,
  type PgPoolOptions,
  type PgPoolRegistry,
  type PgPoolRegistryEntry,
  type PgPoolRegistryOptions,
} from './pool-registry.js';
