import { CORE_EXTENSIONS, type DatabaseDriver, skippedIndexMethods } from '@eliza-sql/core-schema/driver';
import {
  createMigrator,
  DestructiveMigrationError,
  type DrizzleSchema,
  type Migrator,
} from '@eliza-sql/migrator';
import { type MigrationSettingsReader, readProcessEnvMigrationSettings } from './config.js';
import { toPublicError } from './error-mapping/to-public-error.js';
import { ElizaSqlError, invalidInput } from './errors.js';
import { type DataIsolationOptions, installDataIsolation } from './isolation/data-isolation.js';
import { isDatabaseDriver, resolveDatabaseDriver } from './resolve-database-driver.js';
import { createCoreSqlLogger, errorMessage, type SqlLogger } from './sql-logger.js';

/** The name the core schema is migrated under (the reference's plugin name). */
export const CORE_PLUGIN_NAME = '@elizaos/plugin-sql';

/** Options of {@link DatabaseMigrationService.runAllPluginMigrations} (the reference's). */
export interface PluginMigrationOptions {
  /** Log every SQL statement, at debug level. Default: the settings' `verbose` (on unless production). */
  verbose?: boolean;
  /**
   * Apply destructive changes (drop column/table, lossy type change), in every environment, as the
   * reference does. Default: the settings' `allowDestructive` (`ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS`).
   */
  force?: boolean;
  /** Plan and log only; change nothing. Default false. */
  dryRun?: boolean;
}

/** Options of the service itself. */
export interface DatabaseMigrationServiceOptions {
  readonly logger?: SqlLogger;
  /**
   * Read at the start of every run, so `ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS` set after the service was
   * created applies to the next run. Default: the process environment, through the config module
   * (what the reference reads).
   */
  readonly settings?: MigrationSettingsReader;
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
  /**
   * The schema each plugin was last brought up to date with by this service. Passing the same schema
   * object again (the runtime's `runPluginMigrations` right after `init()` migrated the core) checks
   * nothing: the reference never re-checks a migrated schema, and ours verified the catalog already.
   */
  private readonly upToDate = new Map<string, DrizzleSchema>();
  private migrator: Migrator | null = null;
  private driver: DatabaseDriver | null = null;
  private readonly logger: SqlLogger;
  private readonly settings: MigrationSettingsReader;

  constructor(private readonly options: DatabaseMigrationServiceOptions = {}) {
    this.logger = options.logger ?? createCoreSqlLogger();
    this.settings = options.settings ?? readProcessEnvMigrationSettings;
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
    const extensions = CORE_EXTENSIONS.filter((name) => driver.capabilities.extensions.includes(name));
    this.migrator = createMigrator(driver, {
      logger: this.logger,
      extensions,
      skipIndexMethods: skippedIndexMethods(driver.capabilities),
    });
    this.driver = driver;
    this.upToDate.clear();
  }

  /** Registers the schema of every plugin that has one. */
  discoverAndRegisterPluginSchemas(plugins: readonly PluginWithSchema[]): void {
    for (const plugin of plugins) if (plugin.schema) this.registerSchema(plugin.name, plugin.schema);
    this.logger.debug('Plugin schemas discovered', {
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
    await this.migratePlugins([...this.schemas.keys()], options);
  }

  /**
   * Migrates the registered schemas of these plugins only, one at a time, each attempted; throws one
   * MIGRATION_FAILED naming every plugin that failed, why, and (for blocked destructive changes) what
   * to set. The settings are read now, so a flag set since the last run applies. Names without a
   * registered schema are skipped.
   */
  async migratePlugins(pluginNames: readonly string[], options: PluginMigrationOptions = {}): Promise<void> {
    const migrator = this.getMigrator();
    const settings = this.settings();
    const migrateOptions = {
      verbose: options.verbose ?? settings.verbose,
      force: (options.force ?? false) || settings.allowDestructive,
      dryRun: options.dryRun ?? false,
    };
    const failures: Array<{ pluginName: string; error: unknown }> = [];
    for (const pluginName of new Set(pluginNames)) {
      const schema = this.schemas.get(pluginName);
      if (!schema) continue;
      if (!migrateOptions.dryRun && !migrateOptions.force && this.upToDate.get(pluginName) === schema)
        continue;
      try {
        const result = await migrator.migrate(pluginName, schema, migrateOptions);
        if (!migrateOptions.dryRun) this.upToDate.set(pluginName, schema);
        // One info line per plugin whose schema changed; the statements are debug lines (verbose).
        this.logger[result.applied ? 'info' : 'debug']('Migration completed', {
          pluginName,
          applied: result.applied,
          statements: result.statements.length,
          dryRun: result.dryRun,
        });
      } catch (error) {
        failures.push({ pluginName, error });
        this.logger.error(
          error instanceof DestructiveMigrationError ? 'Migration blocked' : 'Migration failed',
          { pluginName, error: errorMessage(error) },
        );
      }
    }
    // Mapped here too, not only at the adapter's boundary: the elizaOS server calls this service directly.
    if (failures.length > 0) throw toPublicError(migrationFailed(failures), 'migratePlugins');
    const isolation = this.options.dataIsolation;
    if (isolation && !migrateOptions.dryRun && this.driver) {
      const driver = this.driver;
      const report = await installDataIsolation(driver, isolation).catch((err: unknown) => {
        throw toPublicError(err, 'installDataIsolation');
      });
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

/** One plugin's failure, for the consolidated error: a blocked one lists its destructive statements. */
function describeFailure(pluginName: string, error: unknown): string {
  if (!(error instanceof DestructiveMigrationError)) return `${pluginName}: ${errorMessage(error)}`;
  const changes = error.changes.map((c) => `\n    - ${c.reason}: ${c.sql}`).join('');
  return `${pluginName}: blocked, ${error.changes.length} destructive statement(s) would lose data:${changes}`;
}

/** The one error of a run: every failed plugin, why, and what to set when destructive changes were blocked. */
function migrationFailed(failures: ReadonlyArray<{ pluginName: string; error: unknown }>): ElizaSqlError {
  const blocked = failures
    .filter((f) => f.error instanceof DestructiveMigrationError)
    .map((f) => f.pluginName);
  const hint =
    blocked.length === 0
      ? ''
      : `\nTo apply the destructive changes of ${blocked.join(', ')} (back up first): set ` +
        'ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS=true (read at every migration run: no restart needed) or pass ' +
        '{ force: true } to runPluginMigrations / runAllPluginMigrations; or change the schema so that it ' +
        'keeps the data, and migrate again.';
  return new ElizaSqlError(
    'MIGRATION_FAILED',
    `${failures.length} migration(s) failed:\n  ${failures.map((f) => describeFailure(f.pluginName, f.error)).join('\n  ')}${hint}`,
    {
      cause: failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error)),
    },
  );
}
