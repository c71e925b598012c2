import type { DatabaseDriver, DriverCapabilities, NativeConnection, SqlExecutor } from './database-driver.js';
import { withAdvisoryLock } from './with-advisory-lock.js';

/** What differs between backends: everything {@link createDatabaseDriver} does not derive. */
export interface DatabaseDriverParts {
  /** Runs statements and transactions on the whole backend (its pool or instance); refuses them once closed. */
  readonly executor: SqlExecutor;
  /** What this backend can do. */
  readonly capabilities: DriverCapabilities;
  /** The backend's own connection. */
  readonly connection: NativeConnection;
  /** Releases this driver's hold on the backend; idempotent. */
  close(): Promise<void>;
}

/** A {@link DatabaseDriver} from a backend's parts: `withLock` is {@link withAdvisoryLock}, `ping` a `select 1`. */
export function createDatabaseDriver(parts: DatabaseDriverParts): DatabaseDriver {
  const { executor } = parts;
  return {
    capabilities: parts.capabilities,
    connection: parts.connection,
    get db() {
      return executor.db;
    },
    query: (statement) => executor.query(statement),
    transaction: (fn) => executor.transaction(fn),
    withLock: (key, fn) => withAdvisoryLock(executor, key, fn),
    async ping() {
      await executor.query('select 1');
    },
    close: () => parts.close(),
  };
}
