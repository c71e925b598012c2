import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { schema } from '@eliza-sql/core-schema';
import { createTestDatabase, testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDatabaseAdapter,
  DatabaseMigrationService,
  isElizaSqlError,
  SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { testBackends } from '../support/backends.js';

const extraSchema = {
  notes: pgTable('lifecycle_notes', { id: text('id').primaryKey(), body: text('body') }),
};

describe('adapter lifecycle [pglite]', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('createDatabaseAdapter is synchronous, connects and migrates an empty data dir in init()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugin-sql-'));
    dirs.push(dir);
    const agentId = uuid();
    const adapter = createDatabaseAdapter({ dataDir: dir }, agentId);
    expect(adapter).toBeInstanceOf(SqlDatabaseAdapter);
    expect(await adapter.isReady()).toBe(false);
    await adapter.init();
    expect(await adapter.isReady()).toBe(true);
    expect(await adapter.createAgent({ id: agentId, name: 'persisted' })).toBe(true);
    await adapter.close();
    expect(await adapter.isReady()).toBe(false);
    await expect(adapter.getAgent(agentId)).rejects.toMatchObject({ code: 'ADAPTER_NOT_READY' });
    const reopened = createDatabaseAdapter({ dataDir: dir }, agentId);
    expect((await reopened.getAgent(agentId))?.name).toBe('persisted'); // lazy init on first call
    const status = await (await reopened.getMigrationService())
      .getMigrator()
      .getStatus('@elizaos/plugin-sql');
    expect(status.hasRun).toBe(true);
    expect(status.lastMigration?.hash).toMatch(/\w+/);
    await reopened.close();
  });

  it('initialize() is init(); getDatabase() is the Drizzle handle (db), getDriver() the driver', async () => {
    const adapter = new SqlDatabaseAdapter(uuid(), {
      connect: () => createPgliteDriver({ dataDir: 'memory://lifecycle-conn' }),
      logger: silentSqlLogger,
    });
    expect(adapter.db).toBeUndefined();
    await adapter.initialize();
    const db = adapter.getDatabase();
    expect(db).toBe(adapter.db);
    const rows = await db.execute('SELECT 1 AS one');
    expect(JSON.stringify(rows)).toContain('one');
    const driver = await adapter.getDriver();
    expect(driver.capabilities.backend).toBe('pglite');
    expect(await driver.query('SELECT count(*)::int AS n FROM agents')).toEqual([{ n: 0 }]);
    await adapter.close();
    await adapter.close(); // idempotent
    await expect(adapter.getConnection()).rejects.toMatchObject({ code: 'ADAPTER_NOT_READY' });
    expect(() => adapter.getDatabase()).toThrow(expect.objectContaining({ code: 'ADAPTER_NOT_READY' }));
  });

  it('two adapters on two data dirs are isolated; closing one never breaks the other', async () => {
    const [a, b] = [uuid(), uuid()];
    const adapterA = new SqlDatabaseAdapter(a, {
      connect: () => createPgliteDriver({ dataDir: 'memory://iso-a' }),
      logger: silentSqlLogger,
    });
    const adapterB = new SqlDatabaseAdapter(b, {
      connect: () => createPgliteDriver({ dataDir: 'memory://iso-b' }),
      logger: silentSqlLogger,
    });
    await Promise.all([adapterA.init(), adapterB.init()]);
    await adapterA.createAgent({ id: a, name: 'A' });
    await adapterB.createAgent({ id: b, name: 'B' });
    expect((await adapterA.getAgents()).map((x) => x.name)).toEqual(['A']);
    expect((await adapterB.getAgents()).map((x) => x.name)).toEqual(['B']);
    await adapterA.close();
    expect((await adapterB.getAgent(b))?.name).toBe('B');
    // A second adapter on the SAME data dir shares the instance; closing one keeps the other working.
    const c = new SqlDatabaseAdapter(uuid(), {
      connect: () => createPgliteDriver({ dataDir: 'memory://iso-b' }),
      logger: silentSqlLogger,
    });
    await c.init();
    await c.close();
    expect((await adapterB.getAgent(b))?.name).toBe('B');
    await adapterB.close();
  });
});

for (const backend of testBackends) {
  describe(`plugin migrations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('runPluginMigrations migrates other plugins; checkMigration/getStatus report; failures name the plugin', async () => {
      const driver = await backend.open();
      const adapter = new SqlDatabaseAdapter(uuid(), { driver, ownsDriver: false, logger: silentSqlLogger });
      await adapter.runPluginMigrations(
        [
          { name: '@elizaos/plugin-sql', schema: schema as never },
          { name: 'plugin-notes', schema: extraSchema as never },
          { name: 'no-schema' },
        ],
        { verbose: false },
      );
      await driver.query(`INSERT INTO lifecycle_notes (id, body) VALUES ('1', 'x')`);
      const migrator = (await adapter.getMigrationService()).getMigrator();
      expect((await migrator.getStatus('plugin-notes')).hasRun).toBe(true);
      expect(await migrator.checkMigration('plugin-notes', extraSchema)).toBeNull();
      const dropped = { notes: pgTable('lifecycle_notes', { id: text('id').primaryKey() }) };
      const check = await migrator.checkMigration('plugin-notes', dropped);
      expect(check?.hasDataLoss).toBe(true);
      const err = await adapter
        .runPluginMigrations([{ name: 'plugin-notes', schema: dropped as never }])
        .catch((e: unknown) => e);
      expect(isElizaSqlError(err, 'MIGRATION_FAILED')).toBe(true);
      expect(String(err)).toContain('plugin-notes');
      expect(await driver.query('SELECT body FROM lifecycle_notes')).toEqual([{ body: 'x' }]);
      await adapter.runPluginMigrations([{ name: 'plugin-notes', schema: dropped as never }], {
        force: true,
      });
      expect(await driver.query('SELECT * FROM lifecycle_notes')).toEqual([{ id: '1' }]);
    });

    it('checks a schema it brought up to date once; another schema object, or force, is checked again', async () => {
      const real = await backend.open();
      let calls = 0;
      // The real driver, counting the calls that reach the database.
      const driver = new Proxy(real, {
        get(target, key) {
          const value: unknown = Reflect.get(target, key);
          if (typeof value !== 'function') return value;
          if (key !== 'query' && key !== 'transaction' && key !== 'withLock') return value.bind(target);
          return (...args: unknown[]) => {
            calls++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const adapter = new SqlDatabaseAdapter(uuid(), { driver, ownsDriver: false, logger: silentSqlLogger });
      await adapter.init();
      expect(calls).toBeGreaterThan(0);
      calls = 0;
      await adapter.runPluginMigrations([{ name: '@elizaos/plugin-sql', schema: schema as never }]);
      expect(calls).toBe(0);
      await adapter.runPluginMigrations([{ name: '@elizaos/plugin-sql', schema: { ...schema } as never }]);
      expect(calls).toBeGreaterThan(0);
      calls = 0;
      await adapter.runPluginMigrations([{ name: '@elizaos/plugin-sql', schema: schema as never }], {
        force: true,
      });
      expect(calls).toBeGreaterThan(0);
      await adapter.close();
    });

    it('DatabaseMigrationService: discover, register, run, getMigrator', async () => {
      const driver = await backend.open();
      const service = new DatabaseMigrationService({ logger: silentSqlLogger });
      expect(() => service.getMigrator()).toThrow(/initializeWithDatabase/);
      await service.initializeWithDatabase(driver);
      service.discoverAndRegisterPluginSchemas([{ name: 'a', schema: extraSchema }, { name: 'b' }]);
      expect(service.registeredPlugins()).toEqual(['a']);
      await service.runAllPluginMigrations({ dryRun: true });
      expect(await driver.query(`SELECT to_regclass('lifecycle_notes') AS t`)).toEqual([{ t: null }]);
      await service.runAllPluginMigrations();
      expect((await service.getMigrator().status('a')).hasRun).toBe(true);
      expect(() => service.registerSchema('', {})).toThrow(/pluginName/);
    });
  });
}

const pgUrl = testPostgresUrl();
describe.runIf(pgUrl)('adapter lifecycle [postgres]', () => {
  it('two adapters on two databases are isolated; closing one never breaks the other', async () => {
    const [dbA, dbB] = await Promise.all([
      createTestDatabase(pgUrl as string),
      createTestDatabase(pgUrl as string),
    ]);
    try {
      const [a, b] = [uuid(), uuid()];
      const adapterA = createDatabaseAdapter({ postgresUrl: dbA.url }, a);
      const adapterB = createDatabaseAdapter({ postgresUrl: dbB.url }, b);
      const adapterB2 = createDatabaseAdapter({ postgresUrl: dbB.url }, uuid());
      await Promise.all([adapterA.init(), adapterB.init(), adapterB2.init()]);
      await adapterA.createAgent({ id: a, name: 'A' });
      await adapterB.createAgent({ id: b, name: 'B' });
      expect((await adapterA.getAgents()).map((x) => x.name)).toEqual(['A']);
      await adapterA.close();
      await adapterB2.close();
      expect((await adapterB.getAgent(b as UUID))?.name).toBe('B');
      await adapterB.close();
    } finally {
      await dbA.drop();
      await dbB.drop();
    }
  });
});
