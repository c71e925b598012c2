import { schema as coreSchema } from '@eliza-sql/core-schema';
import type { DatabaseDriver, DrizzleDatabase } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import {
  CORE_PLUGIN_NAME,
  DatabaseMigrationService,
  type PluginMigrationOptions,
} from '../database-migration-service.js';
import { linkDriver } from '../driver-link.js';
import { ElizaSqlError } from '../errors.js';
import type { IsolationScope } from '../isolation/isolation-scope.js';
import { errorMessage, type SqlLogger } from '../sql-logger.js';
import type { SqlDatabaseAdapterOptions } from './sql-database-adapter-options.js';

/** A plugin as `runPluginMigrations` receives it. */
export interface MigratablePlugin {
  readonly name: string;
  readonly schema?: Record<string, unknown>;
}

/**
 * The adapter's life: connect once, migrate (through the owner's connection under isolation), check
 * isolation, answer health checks, close. Every call waits on {@link AdapterLifecycle.ready}.
 */
export class AdapterLifecycle {
  #driver: DatabaseDriver | undefined;
  #starting: Promise<DatabaseDriver> | undefined;
  #closed = false;
  #migrationService: DatabaseMigrationService | undefined;
  #owner: Promise<DatabaseDriver> | undefined;

  constructor(
    private readonly agentId: UUID,
    private readonly options: SqlDatabaseAdapterOptions,
    private readonly isolation: IsolationScope,
    private readonly logger: SqlLogger,
    /** Called once the driver is open and ready (the adapter publishes its `db` here). */
    private readonly onStarted: (driver: DatabaseDriver) => void,
  ) {}

  /** The open driver, connecting and migrating on first use; ADAPTER_NOT_READY once closed. */
  ready(): Promise<DatabaseDriver> {
    if (this.#closed) {
      return Promise.reject(
        new ElizaSqlError('ADAPTER_NOT_READY', `adapter of agent ${this.agentId} is closed`),
      );
    }
    this.#starting ??= this.#start().catch((err: unknown) => {
      this.#starting = undefined;
      throw err;
    });
    return this.#starting;
  }

  /** The driver when started and open, for synchronous handles (`getDatabase`). */
  get openDriver(): DatabaseDriver | undefined {
    return this.#closed ? undefined : this.#driver;
  }

  async #start(): Promise<DatabaseDriver> {
    const driver = this.options.driver ?? (await this.options.connect?.());
    if (!driver) throw new ElizaSqlError('ADAPTER_NOT_READY', 'connect() resolved to no driver');
    try {
      await this.isolation.assertEnforceable(driver);
      const target = await this.#migrationTarget(driver);
      if (target && this.options.migrations?.migrateOnInit !== false) {
        await this.#migrations(target).runAllPluginMigrations();
        if (target !== driver) {
          // the tables exist now: the login role must own none of them before it is registered
          await this.isolation.assertEnforceable(driver);
          await this.isolation.register(target, driver);
        }
      }
      await this.isolation.assertReady(driver);
    } catch (err) {
      this.#migrationService = undefined;
      await this.#closeOwner();
      if (!this.options.driver) await driver.close().catch(() => undefined); // we opened it: release it
      throw err;
    }
    this.#driver = driver;
    linkDriver(driver.db, driver);
    this.onStarted(driver);
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
  async #migrationTarget(driver: DatabaseDriver): Promise<DatabaseDriver | undefined> {
    if (!this.isolation.enabled) return driver;
    const connect = this.options.migrations?.connectOwner;
    if (!connect) return undefined;
    this.#owner ??= connect().catch((err: unknown) => {
      this.#owner = undefined;
      throw err;
    });
    return this.#owner;
  }

  async #closeOwner(): Promise<void> {
    const owner = this.#owner;
    this.#owner = undefined;
    if (owner) await (await owner.catch(() => undefined))?.close();
  }

  #migrations(driver: DatabaseDriver): DatabaseMigrationService {
    if (!this.#migrationService) {
      this.#migrationService = new DatabaseMigrationService({
        logger: this.logger,
        settings: this.options.migrations?.settings,
        dataIsolation: this.options.isolation,
      });
      this.#migrationService.bind(driver);
      this.#migrationService.registerSchema(CORE_PLUGIN_NAME, coreSchema);
    }
    return this.#migrationService;
  }

  /** Migrates the schemas of these plugins only (see `SqlDatabaseAdapter.runPluginMigrations`). */
  async runPluginMigrations(plugins: MigratablePlugin[], options?: PluginMigrationOptions): Promise<void> {
    const driver = await this.ready();
    const target = await this.#migrationTarget(driver);
    const withSchema = plugins.filter((plugin) => plugin.schema);
    if (!target) {
      // isolated without the owner's connection: migrations are the operator's (as the owner)
      this.logger.info('Plugin migrations skipped: data isolation runs them as the tables owner', {
        plugins: withSchema.map((plugin) => plugin.name),
        hint: 'set POSTGRES_MIGRATION_URL, or migrate as the owner before starting',
      });
      await this.isolation.assertReady(driver);
      return;
    }
    const service = this.#migrations(target);
    service.discoverAndRegisterPluginSchemas(plugins);
    await service.migratePlugins(
      withSchema.map((plugin) => plugin.name),
      options,
    );
  }

  /** The migration service bound to the database (with isolation, on the owner's connection if any). */
  async migrationService(): Promise<DatabaseMigrationService> {
    const driver = await this.ready();
    return this.#migrations((await this.#migrationTarget(driver)) ?? driver);
  }

  /** True once connected and the database answers; false (never a throw, the failure logged) otherwise. */
  async isReady(): Promise<boolean> {
    const driver = this.openDriver;
    if (!driver) return false;
    try {
      await driver.ping();
      return true;
    } catch (err) {
      this.logger.warn('Database ping failed', { error: errorMessage(err) });
      return false;
    }
  }

  /** Closes the owner's connection and the driver when owned. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const driver = this.#driver ?? (this.#starting ? await this.#starting.catch(() => undefined) : undefined);
    await this.#closeOwner();
    if (driver && this.options.ownsDriver !== false) await driver.close();
  }

  /** The Drizzle database, synchronously: ADAPTER_NOT_READY before `init()` or after `close()`. */
  database(): DrizzleDatabase {
    const driver = this.openDriver;
    if (!driver) {
      throw new ElizaSqlError(
        'ADAPTER_NOT_READY',
        `adapter of agent ${this.agentId}: getDatabase() before init() (or after close())`,
      );
    }
    return driver.db;
  }
}
