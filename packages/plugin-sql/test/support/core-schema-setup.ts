import { schema } from '@eliza-sql/core-schema';
import { type DatabaseDriver, skippedIndexMethods } from '@eliza-sql/core-schema/driver';
import { createMigrator } from '@eliza-sql/migrator';

/** Migrates the core schema (and its extensions) onto an empty database, as the plugin's `init()` does. */
export async function createCoreSchema(driver: DatabaseDriver): Promise<void> {
  const extensions = ['vector', 'fuzzystrmatch'].filter((name) =>
    driver.capabilities.extensions.includes(name),
  );
  await createMigrator(driver, {
    extensions,
    skipIndexMethods: skippedIndexMethods(driver.capabilities),
  }).migrate('@elizaos/plugin-sql', schema);
}
