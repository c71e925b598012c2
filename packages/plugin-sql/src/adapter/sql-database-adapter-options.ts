import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { DatabasePolicy } from '@eliza-sql/resilience';
import type { EmbeddingDimensionChange, MigrationSettingsReader } from '../config.js';
import type { DataIsolationOptions } from '../isolation/data-isolation.js';
import type { SqlLogger } from '../sql-logger.js';

/** Options of {@link SqlDatabaseAdapter}. Exactly one of `driver` / `connect` is required. */
export interface SqlDatabaseAdapterOptions {
  /** An open driver (the adapter closes it on `close()` unless `ownsDriver` is false). */
  readonly driver?: DatabaseDriver;
  /** A factory called once by `init()` (lazy connection, as `createDatabaseAdapter` uses). */
  readonly connect?: () => Promise<DatabaseDriver>;
  /** Whether `close()` closes the driver. Default true. */
  readonly ownsDriver?: boolean;
  /** The resilience policy wrapped once around every public call. Default: the configuration's defaults. */
  readonly policy?: DatabasePolicy;
  readonly logger?: SqlLogger;
  /**
   * Data isolation (PostgreSQL): every call runs in one transaction under row-level security for this
   * server id, the server of the connection's login role. `init()` refuses a backend without RLS and a
   * role that bypasses it, owns what it could drop, or is not registered to this server.
   */
  readonly isolation?: DataIsolationOptions;
  /** Migration behaviour of `init()` and `runPluginMigrations`. */
  readonly migrations?: {
    /** Migrate the core schema in `init()` (default true: an empty database comes up ready). */
    readonly migrateOnInit?: boolean;
    /**
     * Read at every migration run (`ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS`, verbosity). Default: the
     * process environment, through the config module.
     */
    readonly settings?: MigrationSettingsReader;
    /**
     * With isolation only: opens the tables owner's connection (`POSTGRES_MIGRATION_URL`), through
     * which `init()` and `runPluginMigrations` migrate, install isolation and register this adapter's
     * login role; it stays open until `close()`. Without it an isolated adapter migrates nothing (its
     * role may not) and only checks that isolation is installed and its role registered.
     */
    readonly connectOwner?: () => Promise<DatabaseDriver>;
  };
  /**
   * What `ensureEmbeddingDimension` does when the agent's embeddings were stored in another dimension
   * (`EMBEDDING_DIMENSION_CHANGE`). Default `error`.
   */
  readonly embeddingDimensionChange?: EmbeddingDimensionChange;
}
