import type { DatabaseDriver, DriverCapabilities, NativeConnection, SqlExecutor } from './database-driver.js';
import { readExtensionVersions } from './read-extension-versions.js';
import { withAdvisoryLock } from './with-advisory-lock.js';

/** What differs between backends: everything {@link createDatabaseDriver} does not derive. */
export interface DatabaseDriverParts {
  /** Runs statements and transactions on the whole backend (its pool or instance); refuses them once closed. */
  readonly executor: SqlExecutor;
  /** What this backend can do, but for its extensions (read from the backend). */
  readonly capabilities: Omit<DriverCapabilities, 'extensions' | 'extensionVersions'>;
  /** The extensions the facade may ask for; capabilities list those the backend has available. */
  readonly extensions: readonly string[];
  /** The backend's own connection. */
  readonly connection: NativeConnection;
  /** Releases this driver's hold on the backend; idempotent. */
  close(): Promise<void>;
}

/**
 * A {@link DatabaseDriver} from a backend's parts, once it has read which extensions the backend has:
 * `withLock` is {@link withAdvisoryLock}, `ping` a `select 1`. Rejects with the backend's error (after
 * closing the parts) when the backend does not answer.
 */
export async function createDatabaseDriver(parts: DatabaseDriverParts): Promise<DatabaseDriver> {
  const { executor } = parts;
  let extensionVersions: Record<string, string>;
  try {
    extensionVersions = await readExtensionVersions(executor, parts.extensions);
  } catch (error) {
    await parts.close();
    throw error;
  }
  return {
    capabilities: { ...parts.capabilities, extensions: Object.keys(extensionVersions), extensionVersions },
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
