import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createMigrator, type DrizzleSchema, type Migrator } from '@eliza-sql/migrator';
import { ElizaSqlError, invalidInput } from './errors.js';
import { type DataIsolationOptions, installDataIsolation } from './isolation/data-isolation.js';
import { isDatabaseDriver, resolveDatabaseDriver } from './resolve-database-driver.js';
import { createCoreSqlLogger, errorMessage, type SqlLogger } from './sql-logger.js';

/** Options of {@link DatabaseMigrationService.runAllPluginMigrations} (the reference's). */
export interface PluginMigrationOptions {
  /** Log every SQL statement. Default: on unless `production`. */
  verbose?: boolean;
  /** Apply destructive changes (drop column/table, lossy type change). Default false. */
  force?: boolean;
  /** Plan and log only; change nothing. Default false. */
  dryRun?: boolean;
}

/** Options of the service itself. */
export interface DatabaseMigrationServiceOptions {
  readonly logger?: SqlLogger;
  /** Production: quiet by default, and `force` is honoured only when `allowDestructive` is set. */
  readonly production?: boolean;
  /** `ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS`: destructive changes are allowed even without `force`. */
  readonly allowDestructive?: boolean;
  /**
   * Data isolation: after every successful (non-dry) run, install/refresh row-level security on every
   * public table (new plugin tables included), idempotently, under the isolation lock.
   */
  readonly dataIsolation?: DataIsolationOptions;
}

/** A plugin that may carry a Drizzle schema. */
export interface PluginWithSchema {
  readonly name: string;
  readonly schema?: unknown;
}

/**
 * Migrates every registered plugin schema, one plugin at a time, each atomically under its own lock
 * (the reference's `DatabaseMigrationService`, on `@eliza-sql/migrator`). All plugins are attempted;
 * failures are reported together in one error naming each plugin.
 */
export class DatabaseMigrationService {
  private readonly schemas = new Map<string, DrizzleSchema>();
  private migrator: Migrator | null = null;
  private driver: DatabaseDriver | null = null;
  private readonly logger: SqlLogger;

  constructor(private readonly options: DatabaseMigrationServiceOptions = {}) {
    this.logger = options.logger ?? createCoreSqlLogger();
  }

  /**
   * Binds the service to a database. Takes what the reference's callers pass: the elizaOS server
   * passes `adapter.getDatabase()` (the adapter's Drizzle database); also the adapter or a
   * `DatabaseDriver`. Anything else (a Drizzle database opened elsewhere included): INVALID_INPUT.
   */
  async initializeWithDatabase(database: unknown): Promise<void> {
    this.bind(await resolveDatabaseDriver(database));
  }

  /** Synchronous form of {@link initializeWithDatabase} for an open driver. */
  bind(driver: DatabaseDriver): void {
    if (!isDatabaseDriver(driver)) {
      throw invalidInput('driver', driver, 'an eliza-sql DatabaseDriver (query, transaction, withLock)');
    }
    const extensions = ['vector', 'fuzzystrmatch'].filter((name) =>
      driver.capabilities.extensions.includes(name),
    );
    this.migrator = createMigrator(driver, { logger: this.logger, extensions });
    this.driver = driver;
  }

  /** Registers the schema of every plugin that has one. */
  discoverAndRegisterPluginSchemas(plugins: readonly PluginWithSchema[]): void {
    for (const plugin of plugins) if (plugin.schema) this.registerSchema(plugin.name, plugin.schema);
    this.logger.info('Plugin schemas discovered', {
      schemasDiscovered: this.schemas.size,
      totalPlugins: plugins.length,
    });
  }

  /** Registers (or replaces) one plugin's schema. */
  registerSchema(pluginName: string, schema: unknown): void {
    if (typeof pluginName !== 'string' || pluginName === '')
      throw invalidInput('pluginName', pluginName, 'a plugin name');
    if (!schema || typeof schema !== 'object')
      throw invalidInput(`schema of ${pluginName}`, schema, 'a Drizzle schema object');
    this.schemas.set(pluginName, schema as DrizzleSchema);
  }

  /** Names of the registered plugins, in registration order. */
  registeredPlugins(): string[] {
    return [...this.schemas.keys()];
  }

  /** Migrates every registered schema; throws one error listing every plugin that failed. */
  async runAllPluginMigrations(options: PluginMigrationOptions = {}): Promise<void> {
    const migrator = this.getMigrator();
    const production = this.options.production ?? false;
    const settings = {
      verbose: options.verbose ?? !production,
      force: (options.force ?? false) || (this.options.allowDestructive ?? false),
      dryRun: options.dryRun ?? false,
    };
    const failures: Array<{ pluginName: string; error: unknown }> = [];
    for (const [pluginName, schema] of this.schemas) {
      try {
        const result = await migrator.migrate(pluginName, schema, settings);
        this.logger.info('Migration completed', {
          pluginName,
          applied: result.applied,
          dryRun: result.dryRun,
        });
      } catch (error) {
        failures.push({ pluginName, error });
        this.logger.error('Migration failed', { pluginName, error: errorMessage(error) });
      }
    }
    if (failures.length > 0) {
      const summary = failures.map((f) => `${f.pluginName}: ${errorMessage(f.error)}`).join('\n  ');
      throw new ElizaSqlError('MIGRATION_FAILED', `${failures.length} migration(s) failed:\n  ${summary}`, {
        cause: failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error)),
      });
    }
    const isolation = this.options.dataIsolation;
    if (isolation && !settings.dryRun && this.driver) {
      const report = await installDataIsolation(this.driver, isolation);
      if (report.changes.length > 0 || report.rowsBackfilled > 0) {
        this.logger.info('Data isolation installed', {
          tables: report.tables.length,
          changes: report.changes.length,
          rowsBackfilled: report.rowsBackfilled,
        });
      }
    }
  }

  /** The migrator (status / checkMigration / plan); throws ADAPTER_NOT_READY before initialisation. */
  getMigrator(): Migrator {
    if (!this.migrator) {
      throw new ElizaSqlError(
        'ADAPTER_NOT_READY',
        'DatabaseMigrationService: call initializeWithDatabase(driver) first',
      );
    }
    return this.migrator;
  }
}
