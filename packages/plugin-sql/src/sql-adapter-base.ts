import {
  EMBEDDING_DIMENSIONS,
  type EmbeddingDimension,
  isEmbeddingDimension,
  schema as coreSchema,
} from '@eliza-sql/core-schema';
import type {
  DatabaseDriver,
  DrizzleDatabase,
  NativeConnection,
  SqlExecutor,
} from '@eliza-sql/core-schema/driver';
import { createDatabasePolicy, type DatabasePolicy } from '@eliza-sql/resilience';
import { DatabaseAdapter, type UUID } from '@elizaos/core';
import type { EmbeddingDimensionChange, MigrationSettingsReader } from './config.js';
import { DatabaseMigrationService, type PluginMigrationOptions } from './database-migration-service.js';
import { decideEmbeddingDimension } from './decide-embedding-dimension.js';
import { linkDriver } from './driver-link.js';
import { ElizaSqlError, invalidInput } from './errors.js';
import type { DataIsolationOptions } from './isolation/data-isolation.js';
import { IsolationScope } from './isolation/isolation-scope.js';
import { createCoreSqlLogger, errorMessage, type SqlLogger } from './sql-logger.js';
import { clearOtherEmbeddings, describeStoredEmbeddings } from './stores/embedding-store.js';
import type { MemoryScope } from './stores/memory-scope.js';
import { assertUuid } from './validation.js';

/** The name the core schema is migrated under (the reference's plugin name). */
export const CORE_PLUGIN_NAME = '@elizaos/plugin-sql';

/** Options of {@link SqlDatabaseAdapter}. Exactly one of `driver` / `connect` is required. */
export interface SqlDatabaseAdapterOptions {
  /** An open driver (the adapter closes it on `close()` unless `ownsDriver` is false). */
  readonly driver?: DatabaseDriver;
  /** A factory called once by `init()` (lazy connection, as `createDatabaseAdapter` uses). */
  readonly connect?: () => Promise<DatabaseDriver>;
  /** Whether `close()` closes the driver. Default true. */
  readonly ownsDriver?: boolean;
  /** The resilience policy wrapped once around every public call. Default: `createDatabasePolicy()`. */
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
   * What {@link SqlAdapterBase.ensureEmbeddingDimension} does when the agent's embeddings were stored
   * in another dimension (`EMBEDDING_DIMENSION_CHANGE`). Default `error`.
   */
  readonly embeddingDimensionChange?: EmbeddingDimensionChange;
}

/** Lifecycle, the resilience boundary, migrations and the embedding dimension of the adapter. */
export abstract class SqlAdapterBase extends DatabaseAdapter<unknown> {
  /** The Drizzle database (set by `init()`), as the reference's `db`. */
  declare db: DrizzleDatabase;
  readonly agentId: UUID;
  protected readonly logger: SqlLogger;
  protected readonly policy: DatabasePolicy;
  protected embeddingDimension: EmbeddingDimension = 384;
  /** The dimension `ensureEmbeddingDimension`/`changeEmbeddingDimension` last selected (none yet: undefined). */
  private selectedDimension: EmbeddingDimension | undefined;
  private driver: DatabaseDriver | undefined;
  private starting: Promise<DatabaseDriver> | undefined;
  private closed = false;
  private iterativeScan = false;
  private migrationService: DatabaseMigrationService | undefined;
  private owner: Promise<DatabaseDriver> | undefined;
  private readonly isolation: IsolationScope;

  constructor(
    agentId: UUID,
    protected readonly options: SqlDatabaseAdapterOptions,
  ) {
    super();
    this.agentId = assertUuid('agentId', agentId);
    if (!options.driver && !options.connect)
      throw invalidInput('options', options, 'a driver or a connect() factory');
    this.logger = options.logger ?? createCoreSqlLogger();
    this.policy = options.policy ?? createDatabasePolicy({ connectionTimeout: 30_000 });
    this.isolation = new IsolationScope(options.isolation);
  }

  /** Connects (once), installs extensions and migrates the core schema. Idempotent. */
  async init(): Promise<void> {
    await this.ready();
  }

  /** Same as `init()` (the interface's other name). */
  async initialize(_config?: Record<string, string | number | boolean | null>): Promise<void> {
    await this.ready();
  }

  private ready(): Promise<DatabaseDriver> {
    if (this.closed) {
      return Promise.reject(
        new ElizaSqlError('ADAPTER_NOT_READY', `adapter of agent ${this.agentId} is closed`),
      );
    }
    this.starting ??= this.start().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async start(): Promise<DatabaseDriver> {
    const driver = this.options.driver ?? (await this.options.connect?.());
    if (!driver) throw new ElizaSqlError('ADAPTER_NOT_READY', 'connect() resolved to no driver');
    try {
      await this.isolation.assertEnforceable(driver);
      const target = await this.migrationTarget(driver);
      if (target && this.options.migrations?.migrateOnInit !== false) {
        await this.migrations(target).runAllPluginMigrations();
        if (target !== driver) {
          // the tables exist now: the login role must own none of them before it is registered
          await this.isolation.assertEnforceable(driver);
          await this.isolation.register(target, driver);
        }
      }
      const rows = await driver.query<{ v: string }>(
        `SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`,
      );
      const [major = 0, minor = 0] = (rows[0]?.v ?? '0.0').split('.').map(Number);
      this.iterativeScan = major > 0 || minor >= 8;
      await this.isolation.assertReady(driver);
    } catch (err) {
      this.migrationService = undefined;
      await this.closeOwner();
      if (!this.options.driver) await driver.close().catch(() => undefined); // we opened it: release it
      throw err;
    }
    this.driver = driver;
    this.db = driver.db;
    linkDriver(driver.db, driver);
    this.logger.debug('SqlDatabaseAdapter initialized', {
      backend: driver.capabilities.backend,
      agentId: this.agentId,
    });
    return driver;
  }

  /**
   * Where migrations run: the adapter's own connection without isolation; with isolation, the
   * owner's connection when one is configured, else nowhere (undefined: a tenant role migrates nothing).
   */
  private async migrationTarget(driver: DatabaseDriver): Promise<DatabaseDriver | undefined> {
    if (!this.isolation.enabled) return driver;
    const connect = this.options.migrations?.connectOwner;
    if (!connect) return undefined;
    this.owner ??= connect().catch((err: unknown) => {
      this.owner = undefined;
      throw err;
    });
    return this.owner;
  }

  private async closeOwner(): Promise<void> {
    const owner = this.owner;
    this.owner = undefined;
    if (owner) await (await owner.catch(() => undefined))?.close();
  }

  private migrations(driver: DatabaseDriver): DatabaseMigrationService {
    if (!this.migrationService) {
      this.migrationService = new DatabaseMigrationService({
        logger: this.logger,
        settings: this.options.migrations?.settings,
        dataIsolation: this.options.isolation,
      });
      this.migrationService.bind(driver);
      this.migrationService.registerSchema(CORE_PLUGIN_NAME, coreSchema);
    }
    return this.migrationService;
  }

  /**
   * Migrates the schemas of these plugins (the runtime calls this during `initialize()`). Only these:
   * a plugin blocked or failed in an earlier call fails that call, not the calls of other plugins;
   * it is migrated again when it is passed again (or by the service's `runAllPluginMigrations`).
   */
  async runPluginMigrations(
    plugins: Array<{ name: string; schema?: Record<string, unknown> }>,
    options?: PluginMigrationOptions,
  ): Promise<void> {
    const driver = await this.ready();
    const target = await this.migrationTarget(driver);
    if (!target) {
      // isolated without the owner's connection: migrations are the operator's (as the owner)
      this.logger.info('Plugin migrations skipped: data isolation runs them as the tables owner', {
        plugins: plugins.filter((plugin) => plugin.schema).map((plugin) => plugin.name),
        hint: 'set POSTGRES_MIGRATION_URL, or migrate as the owner before starting',
      });
      await this.isolation.assertReady(driver);
      return;
    }
    const service = this.migrations(target);
    service.discoverAndRegisterPluginSchemas(plugins);
    await service.migratePlugins(
      plugins.filter((plugin) => plugin.schema).map((plugin) => plugin.name),
      options,
    );
  }

  /**
   * The migration service bound to this adapter's database (status, checkMigration): with isolation,
   * on the owner's connection when configured.
   */
  async getMigrationService(): Promise<DatabaseMigrationService> {
    const driver = await this.ready();
    return this.migrations((await this.migrationTarget(driver)) ?? driver);
  }

  /** True once connected and the database answers; false (never a throw) otherwise. */
  async isReady(): Promise<boolean> {
    if (this.closed || !this.driver) return false;
    try {
      await this.driver.ping();
      return true;
    } catch (err) {
      this.logger.warn('Database ping failed', { error: errorMessage(err) });
      return false;
    }
  }

  /** Closes this adapter (and its driver, if owned). Other adapters, even on the same database, keep working. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const driver = this.driver ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    await this.closeOwner();
    if (driver && this.options.ownsDriver !== false) await driver.close();
  }

  /**
   * The backend's own connection, as the reference's: the `PGlite` instance on PGlite; on PostgreSQL a
   * node-postgres `Pool`-like view of the adapter's pool (`query(text, params)` → `{ rows, rowCount }`,
   * `connect()` → a client with `query` / `release`). With isolation, raw SQL here still sees only
   * this server's rows (the server is the login role's), without an entity context; `db` /
   * {@link getDatabase} is the Drizzle database.
   */
  async getConnection(): Promise<NativeConnection> {
    return (await this.ready()).connection;
  }

  /**
   * The Drizzle database (the same as `db`), as the reference's `getDatabase()`: the elizaOS server
   * hands it to `DatabaseMigrationService.initializeWithDatabase`. ADAPTER_NOT_READY before `init()`.
   */
  getDatabase(): DrizzleDatabase {
    if (this.closed || !this.driver) {
      throw new ElizaSqlError(
        'ADAPTER_NOT_READY',
        `adapter of agent ${this.agentId}: getDatabase() before init() (or after close())`,
      );
    }
    return this.driver.db;
  }

  /**
   * The open driver: raw SQL, transactions, locks, capabilities. With isolation, row-level security
   * holds it to this server's rows (the login role's server; nothing it sets changes that), without
   * an entity context and without the removal check of each call ({@link withIsolationContext} has both).
   */
  async getDriver(): Promise<DatabaseDriver> {
    return this.ready();
  }

  /** The scope memory stores work in. */
  protected get memoryScope(): MemoryScope {
    return { agentId: this.agentId, dimension: this.embeddingDimension, iterativeScan: this.iterativeScan };
  }

  /**
   * The resilience boundary: every public method runs through here exactly once. Reads (and naturally
   * idempotent writes) are retried on transient errors; other writes only when the connection failed.
   */
  protected async run<T>(
    fn: (ex: SqlExecutor) => Promise<T>,
    idempotent: boolean,
    entityId?: UUID | null,
  ): Promise<T> {
    const driver = await this.ready();
    return this.policy.execute(() => this.isolation.execute(driver, fn, entityId), { idempotent });
  }

  /**
   * Runs every adapter call `callback` makes with `entityId` as the entity context (row-level
   * security then narrows memories, logs, components, tasks and participants to that entity's rooms).
   * `null` clears it. Without isolation the callback just runs. Non-UUID ids: INVALID_INPUT.
   */
  withEntityContext<T>(entityId: UUID | null, callback: () => Promise<T>): Promise<T> {
    return this.isolation.withEntity(entityId, callback);
  }

  /**
   * The reference's `withIsolationContext`: runs `callback` in one transaction (one policy execution,
   * not retried) with the server context and `entityId` (null: none) set when isolation is on.
   */
  async withIsolationContext<T>(
    entityId: UUID | null,
    callback: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    if (entityId !== null) assertUuid('entityId', entityId);
    if (this.isolation.enabled) return this.run(callback, false, entityId);
    return this.run((ex) => ex.transaction(callback), false);
  }

  /** Whether this adapter runs under data isolation, and for which server. */
  getDataIsolation(): DataIsolationOptions | undefined {
    return this.isolation.options;
  }

  /** Reads: idempotent. */
  protected read<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T> {
    return this.run(fn, true);
  }

  /** Writes: not retried unless the call never reached the server. */
  protected write<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T> {
    return this.run(fn, false);
  }

  /**
   * Selects the agent's embedding dimension (the runtime calls this at every start with its model's
   * dimension). INVALID_INPUT for an unsupported size. When the agent's newest embedding was stored in
   * another dimension, `embeddingDimensionChange` decides: `error` throws
   * EMBEDDING_DIMENSION_CHANGE_REFUSED ("Cannot change embedding dimension for agent ..."); `switch`
   * and `reembed` select it, keep the old vectors and warn once. Nothing is deleted (see
   * {@link changeEmbeddingDimension} for that).
   */
  async ensureEmbeddingDimension(dimension: number): Promise<void> {
    if (!isEmbeddingDimension(dimension)) {
      throw invalidInput('dimension', dimension, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
    }
    if (this.selectedDimension === dimension) return; // decided already: one warning per switch
    const stored = await this.read((ex) => describeStoredEmbeddings(ex, this.agentId));
    const decision = decideEmbeddingDimension(
      this.agentId,
      dimension,
      stored,
      this.options.embeddingDimensionChange ?? 'error',
    );
    for (const warning of decision.warnings) {
      this.logger.warn(warning, {
        agentId: this.agentId,
        from: decision.from,
        to: dimension,
        memoriesWithOldVectors: decision.memoriesOfFrom,
      });
    }
    this.embeddingDimension = dimension;
    this.selectedDimension = dimension;
  }

  /**
   * The explicit re-embedding path (extension): deletes the agent's embeddings of every other
   * dimension (their memories stay, without embeddings) and selects `dimension`. Returns how many
   * embeddings were deleted.
   */
  async changeEmbeddingDimension(dimension: number): Promise<number> {
    if (!isEmbeddingDimension(dimension)) {
      throw invalidInput('dimension', dimension, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
    }
    const deleted = await this.write((ex) =>
      ex.transaction((tx) => clearOtherEmbeddings(tx, this.agentId, dimension)),
    );
    this.embeddingDimension = dimension;
    this.selectedDimension = dimension;
    return deleted;
  }

  /** The agent's current embedding dimension. */
  getEmbeddingDimension(): EmbeddingDimension {
    return this.embeddingDimension;
  }
}
