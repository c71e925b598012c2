/**
 * Destructive plugin migrations: blocked by default, allowed by ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS read
 * when the migration runs (as the reference reads it), and a blocked plugin never fails the migrations
 * of other plugins. Recovery needs no restart: the flag set later, or the schema fixed.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestBackends, uuid } from '@eliza-sql/test-support';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDatabaseAdapter,
  DatabaseMigrationService,
  resolveMigrationSettings,
  SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { testBackends } from '../support/backends.js';

const notes = { notes: pgTable('dm_notes', { id: text('id').primaryKey(), body: text('body') }) };
/** Drops `body`: destructive. */
const notesWithoutBody = { notes: pgTable('dm_notes', { id: text('id').primaryKey() }) };
/** Adds `title`, keeps `body`: the schema fixed. */
const notesWithTitle = {
  notes: pgTable('dm_notes', { id: text('id').primaryKey(), body: text('body'), title: text('title') }),
};
const tags = { tags: pgTable('dm_tags', { id: text('id').primaryKey(), label: text('label') }) };
const tagsWithoutLabel = { tags: pgTable('dm_tags', { id: text('id').primaryKey() }) };
const links = { links: pgTable('dm_links', { id: text('id').primaryKey() }) };

const columns = async (driver: DatabaseDriver, table: string) =>
  (
    await driver.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
    )
  ).map((row) => row.c);

/** Settings the test changes while the adapter lives. */
function mutableSettings() {
  const values: Record<string, string> = {};
  return { values, read: () => resolveMigrationSettings((key) => values[key]) };
}

for (const backend of testBackends) {
  describe(`destructive plugin migrations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    async function adapterWithNotes() {
      const driver = await backend.open();
      const settings = mutableSettings();
      const adapter = new SqlDatabaseAdapter(uuid(), {
        driver,
        ownsDriver: false,
        logger: silentSqlLogger,
        migrations: { settings: settings.read },
      });
      await adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notes }]);
      await driver.query(`INSERT INTO dm_notes (id, body) VALUES ('1', 'kept')`);
      return { driver, adapter, settings };
    }

    it('a blocked plugin fails its own call only: a later call for another plugin migrates it', async () => {
      const { driver, adapter } = await adapterWithNotes();
      const err = await adapter
        .runPluginMigrations([{ name: 'plugin-notes', schema: notesWithoutBody }])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'MIGRATION_FAILED' });
      await adapter.runPluginMigrations([{ name: 'plugin-links', schema: links }]);
      expect(await columns(driver, 'dm_links')).toEqual(['id']);
      expect(await driver.query('SELECT body FROM dm_notes')).toEqual([{ body: 'kept' }]);
    });

    it('the consolidated error names each blocked plugin, its destructive statements, and what to set', async () => {
      const { adapter } = await adapterWithNotes();
      await adapter.runPluginMigrations([{ name: 'plugin-tags', schema: tags }]);
      const err = await adapter
        .runPluginMigrations([
          { name: 'plugin-notes', schema: notesWithoutBody },
          { name: 'plugin-tags', schema: tagsWithoutLabel },
          { name: 'plugin-links', schema: links },
        ])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'MIGRATION_FAILED' });
      const message = String((err as Error).message);
      expect(message).toMatch(/^2 migration\(s\) failed:/);
      expect(message).toMatch(
        /plugin-notes: blocked, 1 destructive statement\(s\)[^\n]*\n\s+- .*DROP COLUMN "body"/,
      );
      expect(message).toMatch(
        /plugin-tags: blocked, 1 destructive statement\(s\)[^\n]*\n\s+- .*DROP COLUMN "label"/,
      );
      expect(message).toContain('plugin-notes, plugin-tags');
      expect(message).toContain('ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS=true');
      expect(message).toContain('no restart needed');
      expect(message).toContain('{ force: true }');
      expect(message).not.toContain('plugin-links:'); // it migrated
    });

    it('ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS set after the adapter was created applies to the next call', async () => {
      const { driver, adapter, settings } = await adapterWithNotes();
      const blocked = [{ name: 'plugin-notes', schema: notesWithoutBody }];
      await expect(adapter.runPluginMigrations(blocked)).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      settings.values.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'true';
      await adapter.runPluginMigrations(blocked);
      expect(await columns(driver, 'dm_notes')).toEqual(['id']);
      settings.values.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'false'; // read each time: blocked again
      await adapter.runPluginMigrations([{ name: 'plugin-tags', schema: tags }]);
      await expect(
        adapter.runPluginMigrations([{ name: 'plugin-tags', schema: tagsWithoutLabel }]),
      ).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    });

    it('the offending schema fixed and registered again recovers without the flag', async () => {
      const { driver, adapter } = await adapterWithNotes();
      await expect(
        adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notesWithoutBody }]),
      ).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      await adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notesWithTitle }]);
      expect(await columns(driver, 'dm_notes')).toEqual(['id', 'body', 'title']);
      expect(await driver.query('SELECT body FROM dm_notes')).toEqual([{ body: 'kept' }]);
      // The service's runAllPluginMigrations re-runs every registered schema: all are fine now.
      await (await adapter.getMigrationService()).runAllPluginMigrations();
    });

    it('production blocks the same changes, and the flag or force applies them there too (as the reference)', async () => {
      const { driver, adapter, settings } = await adapterWithNotes();
      settings.values.NODE_ENV = 'production';
      await adapter.runPluginMigrations([{ name: 'plugin-tags', schema: tags }]);
      await expect(
        adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notesWithoutBody }]),
      ).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      expect(await columns(driver, 'dm_notes')).toEqual(['id', 'body']);
      await adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notesWithoutBody }], {
        force: true,
      });
      expect(await columns(driver, 'dm_notes')).toEqual(['id']);
      settings.values.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'true';
      await adapter.runPluginMigrations([{ name: 'plugin-tags', schema: tagsWithoutLabel }]);
      expect(await columns(driver, 'dm_tags')).toEqual(['id']);
    });
  });
}

/**
 * The reference's users set the flag in the process environment, after start, and call again: the
 * default reader of `createDatabaseAdapter` and of a service built with no options (the server's).
 */
describe('ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS in the process environment', () => {
  const backends = createTestBackends({ databasePrefix: 'eliza_dm_env' });
  const saved = process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS;
  afterAll(async () => {
    if (saved === undefined) delete process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS;
    else process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = saved;
    for (const backend of backends) await backend.cleanup();
  });

  for (const { name, open: location } of backends) {
    it(`createDatabaseAdapter and a default DatabaseMigrationService read it at each run [${name}]`, async () => {
      delete process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS;
      const adapter = createDatabaseAdapter(await location(), uuid());
      try {
        await adapter.runPluginMigrations([{ name: 'plugin-notes', schema: notes }]);
        const blocked = [{ name: 'plugin-notes', schema: notesWithoutBody }];
        await expect(adapter.runPluginMigrations(blocked)).rejects.toMatchObject({
          code: 'MIGRATION_FAILED',
        });
        process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'true';
        await adapter.runPluginMigrations(blocked);
        const driver = await adapter.getDriver();
        expect(await columns(driver, 'dm_notes')).toEqual(['id']);

        delete process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS;
        const service = new DatabaseMigrationService({ logger: silentSqlLogger });
        await service.initializeWithDatabase(driver);
        service.registerSchema('plugin-tags', tags);
        await service.runAllPluginMigrations();
        service.registerSchema('plugin-tags', tagsWithoutLabel);
        await expect(service.runAllPluginMigrations()).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
        process.env.ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS = 'true';
        await service.runAllPluginMigrations();
        expect(await columns(driver, 'dm_tags')).toEqual(['id']);
      } finally {
        await adapter.close();
      }
    });
  }
});
