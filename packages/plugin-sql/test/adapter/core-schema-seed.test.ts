import { uuid } from '@eliza-sql/test-support';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPgliteDriver, createPgliteInstanceRegistry } from '@eliza-sql/adapter-pglite';
import { readTarArchive } from '../../../adapter-pglite/src/tar-archive.js';
import { introspect } from '@eliza-sql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { coreSchemaHash, readCoreSchemaSeed } from '../../src/core-schema-seed.js';
import { createDatabaseAdapter } from '../../src/index.js';
import { createCoreSchema } from '../support/core-schema-setup.js';

const root = mkdtempSync(join(tmpdir(), 'plugin-sql-core-seed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const builtSeedDir = new URL('../../dist/seed/', import.meta.url);

describe('core schema seed [pglite]', () => {
  it('the build made one, for this version of the core schema', () => {
    // Missing means `pnpm build` did not run scripts/build-core-schema-seed.mjs (or ran on another
    // schema): every new embedded database would silently run the whole core migration again.
    const seed = readCoreSchemaSeed();
    expect(seed, 'dist/seed/core-schema.tar.gz for the current schema').toBeDefined();
    const paths = readTarArchive(gunzipSync(seed ?? new Uint8Array())).map((e) => e.path);
    expect(paths).toContain('PG_VERSION');
    expect(paths).not.toContain('postmaster.pid');
  });

  it('is ignored when it was made from another core schema, or is missing', () => {
    const dir = mkdtempSync(join(root, 'seed-'));
    copyFileSync(new URL('core-schema.tar.gz', builtSeedDir), join(dir, 'core-schema.tar.gz'));
    const url = pathToFileURL(`${dir}/`);
    expect(readCoreSchemaSeed(url)).toBeUndefined(); // no manifest
    writeFileSync(join(dir, 'core-schema.json'), JSON.stringify({ schemaHash: 'made-from-another-schema' }));
    expect(readCoreSchemaSeed(url)).toBeUndefined();
    writeFileSync(join(dir, 'core-schema.json'), JSON.stringify({ schemaHash: coreSchemaHash() }));
    expect(readCoreSchemaSeed(url)).toBeDefined();
  });

  it('a new database from it is the database the core migration makes, and its first start records the migration', async () => {
    const startedAt = Date.now();
    const dataDir = join(root, 'agent');
    const adapter = createDatabaseAdapter({ dataDir }, uuid());
    await adapter.init();
    const status = await (await adapter.getMigrationService()).getMigrator().getStatus('@elizaos/plugin-sql');
    const seeded = await introspect(await adapter.getDriver(), ['public']);
    await adapter.close();

    const migrated = await createPgliteDriver({
      dataDir: join(root, 'migrated'),
      bootstrap: 'bundled',
      registry: createPgliteInstanceRegistry(),
    });
    await createCoreSchema(migrated);
    expect(seeded).toEqual(await introspect(migrated, ['public']));
    await migrated.close();

    expect(status.hasRun).toBe(true);
    expect(status.lastMigration?.hash).toBe(coreSchemaHash());
    // Recorded by this start, not at build time.
    expect(status.lastMigration?.timestamp).toBeGreaterThanOrEqual(startedAt - 1000);
  });
});
