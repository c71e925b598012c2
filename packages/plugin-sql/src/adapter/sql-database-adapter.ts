import type {
  DatabaseDriver,
  DriverCapabilities,
  DrizzleDatabase,
  NativeConnection,
  SqlExecutor,
} from '@eliza-sql/core-schema/driver';
import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import { DatabaseAdapter, type IDatabaseAdapter, type UUID } from '@elizaos/core';
import { guardPublicMethods } from '../boundary/guard-public-methods.js';
import { createPolicyFromConfig } from '../create-policy-from-config.js';
import type { DatabaseMigrationService, PluginMigrationOptions } from '../database-migration-service.js';
import { invalidInput } from '../errors.js';
import type { DataIsolationOptions } from '../isolation/data-isolation.js';
import { IsolationScope } from '../isolation/isolation-scope.js';
import { agentMethods } from '../methods/agent-methods.js';
import { cacheMethods } from '../methods/cache-methods.js';
import { componentMethods } from '../methods/component-methods.js';
import { entityMethods } from '../methods/entity-methods.js';
import { logMethods } from '../methods/log-methods.js';
import { memoryMethods } from '../methods/memory-methods.js';
import { messagingMethods } from '../methods/messaging-methods.js';
import { participantMethods } from '../methods/participant-methods.js';
import { relationshipMethods } from '../methods/relationship-methods.js';
import { roomMethods } from '../methods/room-methods.js';
import { taskMethods } from '../methods/task-methods.js';
import { worldMethods } from '../methods/world-methods.js';
import { createCoreSqlLogger, type SqlLogger } from '../sql-logger.js';
import type { VectorSearchSupport } from '../stores/memory-scope.js';
import { assertUuid } from '../validation.js';
import { AdapterLifecycle, type MigratablePlugin } from './adapter-lifecycle.js';
import type { AdapterContext } from './adapter-context.js';
import { CallBoundary } from './call-boundary.js';
import { EmbeddingSpace } from './embedding-space.js';
import type { SqlDatabaseAdapterOptions } from './sql-database-adapter-options.js';

/** The domain method groups, in `src/methods/`: a new interface method goes into its domain's group. */
const METHOD_GROUPS = [
  agentMethods,
  entityMethods,
  componentMethods,
  memoryMethods,
  logMethods,
  worldMethods,
  roomMethods,
  participantMethods,
  relationshipMethods,
  cacheMethods,
  taskMethods,
  messagingMethods,
] as const;

type Groups = typeof agentMethods &
  typeof entityMethods &
  typeof componentMethods &
  typeof memoryMethods &
  typeof logMethods &
  typeof worldMethods &
  typeof roomMethods &
  typeof participantMethods &
  typeof relationshipMethods &
  typeof cacheMethods &
  typeof taskMethods &
  typeof messagingMethods;

// Declaration merging: the class has every method of its groups. They are installed on its prototype
// below, and guardPublicMethods throws at load if any public method is missing there.
export interface SqlDatabaseAdapter extends Groups {}

/**
 * `DatabaseAdapter` at run time (so `instanceof` holds), without its abstract signatures at compile
 * time: they disagree with `IDatabaseAdapter` (`updateRelationship`), the contract the class implements.
 */
const DatabaseAdapterBase = DatabaseAdapter as unknown as abstract new () => { db: unknown };

/**
 * The one `IDatabaseAdapter` of eliza-sql, for PGlite and PostgreSQL alike (the backend is a
 * `DatabaseDriver`). It is composed of a lifecycle (connect, migrate, close), a call boundary (the
 * resilience policy and isolation, once per call), the embedding space, and the domain method groups
 * of `src/methods/`, each method one call through the boundary to an executor-first store function.
 *
 * ```ts
 * const adapter = new SqlDatabaseAdapter(agentId, { connect: () => createPgliteDriver({ dataDir: 'memory://' }) });
 * await adapter.init(); // connects and migrates the core schema
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged group methods are installed right after the class
export class SqlDatabaseAdapter extends DatabaseAdapterBase implements IDatabaseAdapter, AdapterContext {
  /** The Drizzle database (set by `init()`), as the reference's `db`. */
  declare db: DrizzleDatabase;
  readonly agentId: UUID;
  /** @internal The call boundary every domain method runs its store call through. */
  readonly calls: CallBoundary;
  /** @internal The agent's embedding dimension. */
  readonly embeddings: EmbeddingSpace;
  /** @internal */
  readonly logger: SqlLogger;
  readonly #lifecycle: AdapterLifecycle;
  readonly #isolation: IsolationScope;
  /** Read once from the driver's capabilities at start, not on every memory call. */
  #vectorSearch: VectorSearchSupport = { iterativeScan: false, approximateVectorIndex: true };

  constructor(agentId: UUID, options: SqlDatabaseAdapterOptions) {
    super();
    this.agentId = assertUuid('agentId', agentId);
    if (!options.driver && !options.connect)
      throw invalidInput('options', options, 'a driver or a connect() factory');
    this.logger = options.logger ?? createCoreSqlLogger();
    this.#isolation = new IsolationScope(options.isolation);
    this.#lifecycle = new AdapterLifecycle(this.agentId, options, this.#isolation, this.logger, (driver) => {
      this.db = driver.db;
      this.#vectorSearch = {
        iterativeScan: hasIterativeScan(driver.capabilities),
        approximateVectorIndex: driver.capabilities.approximateVectorIndexes,
      };
    });
    this.calls = new CallBoundary(
      this.#lifecycle,
      options.policy ?? createPolicyFromConfig(),
      this.#isolation,
    );
    this.embeddings = new EmbeddingSpace(
      this.agentId,
      this.calls,
      this.logger,
      options.embeddingDimensionChange ?? 'error',
      () => this.#vectorSearch,
    );
  }

  /** Connects (once), installs extensions and migrates the core schema. Idempotent. */
  async init(): Promise<void> {
    await this.#lifecycle.ready();
  }

  /** Same as `init()` (the interface's other name). */
  async initialize(_config?: Record<string, string | number | boolean | null>): Promise<void> {
    await this.#lifecycle.ready();
  }

  /**
   * Migrates the schemas of these plugins (the runtime calls this during `initialize()`). Only these:
   * a plugin blocked or failed in an earlier call fails that call, not the calls of other plugins;
   * it is migrated again when it is passed again (or by the service's `runAllPluginMigrations`).
   */
  runPluginMigrations(plugins: MigratablePlugin[], options?: PluginMigrationOptions): Promise<void> {
    return this.#lifecycle.runPluginMigrations(plugins, options);
  }

  /**
   * The migration service bound to this adapter's database (status, checkMigration): with isolation,
   * on the owner's connection when configured.
   */
  getMigrationService(): Promise<DatabaseMigrationService> {
    return this.#lifecycle.migrationService();
  }

  /** True once connected and the database answers; false (never a throw) otherwise. */
  isReady(): Promise<boolean> {
    return this.#lifecycle.isReady();
  }

  /** Closes this adapter (and its driver, if owned). Other adapters, even on the same database, keep working. */
  close(): Promise<void> {
    return this.#lifecycle.close();
  }

  /**
   * The backend's own connection, as the reference's: the `PGlite` instance on PGlite; on PostgreSQL a
   * node-postgres `Pool`-like view of the adapter's pool (`query(text, params)` → `{ rows, rowCount }`,
   * `connect()` → a client with `query` / `release`). With isolation, raw SQL here still sees only
   * this server's rows (the server is the login role's), without an entity context; `db` /
   * {@link getDatabase} is the Drizzle database.
   */
  async getConnection(): Promise<NativeConnection> {
    return (await this.#lifecycle.ready()).connection;
  }

  /**
   * The Drizzle database (the same as `db`), as the reference's `getDatabase()`: the elizaOS server
   * hands it to `DatabaseMigrationService.initializeWithDatabase`. ADAPTER_NOT_READY before `init()`.
   */
  getDatabase(): DrizzleDatabase {
    return this.#lifecycle.database();
  }

  /**
   * The open driver: raw SQL, transactions, locks, capabilities. With isolation, row-level security
   * holds it to this server's rows (the login role's server; nothing it sets changes that), without
   * an entity context and without the removal check of each call ({@link withIsolationContext} has both).
   */
  getDriver(): Promise<DatabaseDriver> {
    return this.#lifecycle.ready();
  }

  /**
   * Runs every adapter call `callback` makes with `entityId` as the entity context (row-level
   * security then narrows memories, logs, components, tasks and participants to that entity's rooms).
   * `null` clears it. Without isolation the callback just runs. Non-UUID ids: INVALID_INPUT.
   */
  withEntityContext<T>(entityId: UUID | null, callback: () => Promise<T>): Promise<T> {
    return this.calls.withEntity(entityId, callback);
  }

  /**
   * The reference's `withIsolationContext`: runs `callback` in one transaction (one policy execution,
   * not retried) with the server context and `entityId` (null: none) set when isolation is on.
   */
  withIsolationContext<T>(entityId: UUID | null, callback: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (entityId !== null) assertUuid('entityId', entityId);
    return this.calls.transaction(entityId, callback);
  }

  /** Whether this adapter runs under data isolation, and for which server. */
  getDataIsolation(): DataIsolationOptions | undefined {
    return this.#isolation.options;
  }

  /**
   * Selects the agent's embedding dimension (the runtime calls this at every start with its model's
   * dimension). INVALID_INPUT for an unsupported size. When the agent's newest embedding was stored in
   * another dimension, `embeddingDimensionChange` decides: `error` throws
   * EMBEDDING_DIMENSION_CHANGE_REFUSED ("Cannot change embedding dimension for agent ..."); `switch`
   * and `reembed` select it, keep the old vectors and warn once. Nothing is deleted (see
   * {@link changeEmbeddingDimension} for that).
   */
  ensureEmbeddingDimension(dimension: number): Promise<void> {
    return this.embeddings.ensure(dimension);
  }

  /**
   * The explicit re-embedding path (extension): deletes the agent's embeddings of every other
   * dimension (their memories stay, without embeddings) and selects `dimension`. Returns how many
   * embeddings were deleted.
   */
  changeEmbeddingDimension(dimension: number): Promise<number> {
    return this.embeddings.change(dimension);
  }

  /** The agent's current embedding dimension. */
  getEmbeddingDimension(): EmbeddingDimension {
    return this.embeddings.dimension;
  }
}

for (const group of METHOD_GROUPS) {
  for (const [name, method] of Object.entries(Object.getOwnPropertyDescriptors(group))) {
    Object.defineProperty(SqlDatabaseAdapter.prototype, name, { ...method, enumerable: false });
  }
}
guardPublicMethods(SqlDatabaseAdapter);

/** pgvector 0.8 and later scan an HNSW index iteratively, so a filter cannot starve a search. */
function hasIterativeScan(capabilities: DriverCapabilities): boolean {
  const [major = 0, minor = 0] = (capabilities.extensionVersions.vector ?? '0.0').split('.').map(Number);
  return major > 0 || minor >= 8;
}
