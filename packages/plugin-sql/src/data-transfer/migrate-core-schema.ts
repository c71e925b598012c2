import { schema as coreSchema } from '@eliza-sql/core-schema';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { CORE_PLUGIN_NAME, DatabaseMigrationService } from '../database-migration-service.js';
import { silentSqlLogger } from '../sql-logger.js';

/**
 * Creates (or brings up to date) the core schema on `driver`, through the migrator as the plugin's
 * `init()` does; never destructive: a change that would lose data fails with MIGRATION_FAILED.
 */
export async function migrateCoreSchema(driver: DatabaseDriver): Promise<void> {
  const service = new DatabaseMigrationService({
    logger: silentSqlLogger,
    settings: () => ({ allowDestructive: false, production: true, verbose: false }),
  });
  service.bind(driver);
  service.registerSchema(CORE_PLUGIN_NAME, coreSchema);
  await service.runAllPluginMigrations();
}
