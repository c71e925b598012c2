import {
  EMBEDDING_DIMENSIONS,
  type EmbeddingDimension,
  isEmbeddingDimension,
  schema as coreSchema,
} from '@eliza-sql/core-schema';
import type { DatabaseDriver, DrizzleDatabase, SqlExecutor } from '@eliza-sql/core-schema/driver';
import { createDatabasePolicy, type DatabasePolicy } from '@eliza-sql/resilience';
import { DatabaseAdapter, type UUID } from '@elizaos/core';
import { DatabaseMigrationService, type PluginMigrationOptions } from './database-migration-service.js';
import { ElizaSqlError, invalidInput } from './errors.js';
import { indexLimitError } from './index-limit-error.js';
import type { DataIsolationOptions } from './isolation/data-isolation.js';
import { IsolationScope } from './isolation/isolation-scope.js';
import { createCoreSqlLogger, errorMessage, type SqlLogger } from './sql-logger.js';
import { clearOtherEmbeddings, countStoredEmbeddings } from './stores/embedding-store.js';
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
   * server id. `init()` refuses a backend without RLS and a role that bypasses it.
   */
  readonly isolation?: DataIsolationOptions;
  /** Migration behaviour of `init()` and `runPluginMigrations`. */
  readonly migrations?: {
    /** Migrate the core schema in `init()` (default true: an empty database comes up ready). */
    readonly migrateOnInit?: boolean;
    readonly allowDestructive?: boolean;
    readonly production?: boolean;
    readonly verbose?: boolean;
  };
}

/** Lifecycle, the resilience boundary, migrations and the embedding dimension of the adapter. */
export abstract class SqlAdapterBase extends DatabaseAdapter<DrizzleDatabase> {
  readonly agentId: UUID;
  protected readonly logger: SqlLogger;
  protected readonly policy: DatabasePolicy;
  protected embeddingDimension: EmbeddingDimension = 384;
  private driver: DatabaseDriver | undefined;
  private starting: Promise<DatabaseDriver> | undefined;
  private closed = false;
  private iterativeScan = false;
  private migrationService: DatabaseMigrationService | undefined;
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
      if (this.options.migrations?.migrateOnInit !== false) {
        await this.migrations(driver).runAllPluginMigrations({
          verbose: this.options.migrations?.verbose ?? false,
        });
      }
      const rows = await driver.query<{ v: string }>(
        `SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`,
      );
      const [major = 0, minor = 0] = (rows[0]?.v ?? '0.0').split('.').map(Number);
      this.iterativeScan = major > 0 || minor >= 8;
      await this.isolation.assertReady(driver);
    } catch (err) {
      this.migrationService = undefined;
      if (!this.options.driver) await driver.close().catch(() => undefined); // we opened it: release it
      throw err;
    }
    this.driver = driver;
    this.db = driver.db;
    this.logger.debug('SqlDatabaseAdapter initialized', {
      backend: driver.capabilities.backend,
      agentId: this.agentId,
    });
    return driver;
  }

  private migrations(driver: DatabaseDriver): DatabaseMigrationService {
    if (!this.migrationService) {
      const m = this.options.migrations;
      this.migrationService = new DatabaseMigrationService({
        logger: this.logger,
        production: m?.production,
        allowDestructive: m?.allowDestructive,
        dataIsolation: this.options.isolation,
      });
      this.migrationService.bind(driver);
      this.migrationService.registerSchema(CORE_PLUGIN_NAME, coreSchema);
    }
    return this.migrationService;
  }

  /** Migrates the schemas of these plugins (the runtime calls this during `initialize()`). */
  async runPluginMigrations(
    plugins: Array<{ name: string; schema?: Record<string, unknown> }>,
    options?: PluginMigrationOptions,
  ): Promise<void> {
    const driver = await this.ready();
    const service = this.migrations(driver);
    service.discoverAndRegisterPluginSchemas(plugins);
    await service.runAllPluginMigrations(options);
  }

  /** The migration service bound to this adapter's database (status, checkMigration). */
  async getMigrationService(): Promise<DatabaseMigrationService> {
    return this.migrations(await this.ready());
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
    if (driver && this.options.ownsDriver !== false) await driver.close();
  }

  /**
   * The Drizzle handle (the same as `db`). The reference returns its raw client (a PGlite instance or a
   * pg Pool); ours is backend-neutral: use {@link getDriver} for raw SQL and transactions.
   */
  async getConnection(): Promise<DrizzleDatabase> {
    return (await this.ready()).db;
  }

  /**
   * The open driver: raw SQL, transactions, locks, capabilities. With isolation it runs WITHOUT the
   * server context, so row-level security shows it no isolated rows (use {@link withIsolationContext}).
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
    try {
      return await this.policy.execute(() => this.isolation.execute(driver, fn, entityId), { idempotent });
    } catch (err) {
      throw indexLimitError(err) ?? err;
    }
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
   * Selects the embedding column. Throws INVALID_INPUT for an unsupported size, and
   * EMBEDDING_DIMENSION_CHANGE ("Cannot change embedding dimension for agent ...") when the agent
   * already stores embeddings of another size: use {@link changeEmbeddingDimension} to re-embed.
   */
  async ensureEmbeddingDimension(dimension: number): Promise<void> {
    if (!isEmbeddingDimension(dimension)) {
      throw invalidInput('dimension', dimension, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
    }
    const stored = await this.read((ex) => countStoredEmbeddings(ex, this.agentId));
    const other = [...stored].filter(([d]) => d !== dimension);
    if (other.length > 0) {
      const held = other.map(([d, n]) => `${n} of dimension ${d}`).join(', ');
      throw new ElizaSqlError(
        'EMBEDDING_DIMENSION_CHANGE',
        `Cannot change embedding dimension for agent ${this.agentId} to ${dimension}: it already stores embeddings (${held}). ` +
          `Call changeEmbeddingDimension(${dimension}) to delete them and re-embed.`,
      );
    }
    this.embeddingDimension = dimension;
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
    return deleted;
  }

  /** The agent's current embedding dimension. */
  getEmbeddingDimension(): EmbeddingDimension {
    return this.embeddingDimension;
  }
}
