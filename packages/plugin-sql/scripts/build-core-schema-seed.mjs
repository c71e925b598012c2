/**
 * Build step (after tsc): migrates the core schema into a new PGlite directory exactly as `init()`
 * does, empties the migration journal (the first real start records its own migration), checks that
 * no table holds a row, and archives the cleanly closed cluster as dist/seed/core-schema.tar.gz with
 * dist/seed/core-schema.json naming the schema hash it was made from.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createClusterSeed,
  createPgliteDriver,
  createPgliteInstanceRegistry,
} from '@eliza-sql/adapter-pglite';
import { createMigrator } from '@eliza-sql/migrator';
import { coreSchemaHash } from '../dist/core-schema-seed.js';
import { createDatabaseAdapter } from '../dist/index.js';

const seedDir = fileURLToPath(new URL('../dist/seed/', import.meta.url));
rmSync(seedDir, { recursive: true, force: true }); // never build from a previous build's seed
const work = mkdtempSync(join(tmpdir(), 'eliza-sql-core-seed-'));
try {
  const dataDir = join(work, 'cluster');
  const adapter = createDatabaseAdapter({ dataDir }, '00000000-0000-4000-8000-000000000000', () => undefined);
  await adapter.init();
  await adapter.close();

  const driver = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() });
  await createMigrator(driver).resetJournal();
  const tables = await driver.query(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
  );
  for (const { name } of tables) {
    const [{ n }] = await driver.query(`select count(*)::int as n from ${name}`);
    if (n !== 0)
      throw new Error(`core schema seed: ${name} holds ${n} rows after init(); a seed must hold none`);
  }
  await driver.query('checkpoint');
  await driver.close();

  const seed = createClusterSeed(dataDir);
  mkdirSync(seedDir, { recursive: true });
  writeFileSync(join(seedDir, 'core-schema.tar.gz'), seed);
  writeFileSync(join(seedDir, 'core-schema.json'), `${JSON.stringify({ schemaHash: coreSchemaHash() })}\n`);
  console.log(
    `core schema seed: ${seedDir}core-schema.tar.gz (${(seed.length / 1024 / 1024).toFixed(1)} MB)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
