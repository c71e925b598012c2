/** Child process of the concurrency test: migrates the feature schema on a PostgreSQL URL, prints the result. */
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createMigrator } from '../../src/index.js';
import * as features from '../fixtures/feature-schema.js';

const url = process.argv[2];
if (!url) throw new Error('usage: migrate-child.ts <postgres-url>');
const driver = await createPgDriver({ url, max: 2 });
try {
  const result = await createMigrator(driver).migrate('concurrency', features);
  process.stdout.write(
    `${JSON.stringify({ applied: result.applied, statements: result.statements.length })}\n`,
  );
} finally {
  await driver.close();
}
