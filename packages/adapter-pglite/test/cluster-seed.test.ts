import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createClusterSeed,
  createPgliteDriver,
  createPgliteInstanceRegistry,
  InvalidPgliteDriverOptionsError,
  type PgliteBootstrap,
  readBundledClusterSeed,
} from '../src/index.js';
import { readTarArchive } from '../src/tar-archive.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-seed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open = (dataDir: string, bootstrap?: PgliteBootstrap) =>
  createPgliteDriver({
    dataDir,
    registry: createPgliteInstanceRegistry(),
    ...(bootstrap ? { bootstrap } : {}),
  });

/** What a new cluster looks like from SQL: databases, catalog relations, settings, encoding, version. */
async function describeCluster(driver: DatabaseDriver) {
  const q = async (text: string) => JSON.stringify(await driver.query(text));
  return {
    databases: await q('select datname, encoding, datcollate, datctype from pg_database order by datname'),
    relations: await q(
      `select relname, relkind from pg_class where relnamespace = 'pg_catalog'::regnamespace order by 1`,
    ),
    settings: await q(
      `select name, setting from pg_settings where source not in ('client', 'session') and name not in ('data_directory') order by 1`,
    ),
    version: await q('select version()'),
    extensions: await q('select name from pg_available_extensions order by 1'),
  };
}

describe('cluster seed [pglite]', () => {
  it('the build bundled a seed: a whole cluster without the runtime files of the instance that made it', () => {
    const seed = readBundledClusterSeed();
    // Missing means `pnpm build` did not run scripts/build-cluster-seed.mjs: every new database would
    // silently take the slow initdb path.
    expect(seed, 'dist/seed/pglite-cluster.tar.gz').toBeDefined();
    const paths = readTarArchive(seed ?? new Uint8Array()).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['PG_VERSION', 'global/pg_control', 'base', 'pg_wal']));
    expect(paths).not.toContain('postmaster.pid');
  });

  it('a seeded directory is the same cluster initdb makes, and it survives a reopen', async () => {
    const seededDir = join(root, 'seeded');
    const initdbDir = join(root, 'initdb');
    // The instance that ran initdb keeps initdb's session (client_min_messages, plpgsql loaded): compare
    // with that cluster as every later start opens it.
    await (await open(initdbDir, 'initdb')).close();
    const seeded = await open(seededDir);
    const fresh = await open(initdbDir);
    expect(await describeCluster(seeded)).toEqual(await describeCluster(fresh));
    await seeded.query('create table kept (v text)');
    await seeded.query("insert into kept values ('row')");
    await Promise.all([seeded.close(), fresh.close()]);
    expect(readFileSync(join(seededDir, 'PG_VERSION'), 'utf8')).toBe(
      readFileSync(join(initdbDir, 'PG_VERSION'), 'utf8'),
    );

    const again = await open(seededDir);
    expect(await again.query('select v from kept')).toEqual([{ v: 'row' }]);
    await again.close();
  });

  it('never seeds over an existing cluster', async () => {
    const dataDir = join(root, 'existing');
    const first = await open(dataDir, 'initdb');
    await first.query('create table mine (n int)');
    await first.query('insert into mine values (7)');
    await first.close();
    const reopened = await open(dataDir, 'bundled');
    expect(await reopened.query('select n from mine')).toEqual([{ n: 7 }]);
    await reopened.close();
  });

  it('seeds an existing empty directory and clears a crashed seeding left beside it', async () => {
    const dataDir = join(root, 'empty');
    mkdirSync(dataDir);
    const leftover = join(root, 'empty.seeding-999999');
    mkdirSync(join(leftover, 'base'), { recursive: true });
    writeFileSync(join(leftover, 'PG_VERSION'), 'half');
    const driver = await open(dataDir);
    expect(await driver.query('select 1 as one')).toEqual([{ one: 1 }]);
    await driver.close();
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(root).filter((name) => name.startsWith('empty.seeding-'))).toEqual([]);
  });

  it('seeds memory:// instances, each its own database', async () => {
    const a = await open('memory://seed-a');
    const b = await open('memory://seed-b');
    await a.query('create table only_in_a (n int)');
    expect(await b.query(`select to_regclass('only_in_a') as t`)).toEqual([{ t: null }]);
    expect(await a.query(`select count(*)::int as n from pg_database`)).toEqual([{ n: 3 }]);
    await Promise.all([a.close(), b.close()]);
  });

  it('opens new databases from an archive of your own, asking for it only when a database is new', async () => {
    const source = join(root, 'own-source');
    const maker = await open(source, 'initdb');
    await maker.query('create table prepared (v text)');
    await maker.query("insert into prepared values ('from the seed')");
    await maker.close();
    const archive = createClusterSeed(source);
    let asked = 0;
    const bootstrap = {
      seed: () => {
        asked++;
        return archive;
      },
    };
    for (const dataDir of [join(root, 'own-copy'), 'memory://own-copy']) {
      const driver = await open(dataDir, bootstrap);
      expect(await driver.query('select v from prepared')).toEqual([{ v: 'from the seed' }]);
      await driver.query("insert into prepared values ('mine')");
      await driver.close();
    }
    expect(asked).toBe(2);
    const again = await open(join(root, 'own-copy'), bootstrap);
    expect(await again.query('select v from prepared order by v')).toEqual([
      { v: 'from the seed' },
      { v: 'mine' },
    ]);
    await again.close();
    expect(asked).toBe(2);

    const fallback = await open(join(root, 'own-fallback'), { seed: () => undefined });
    expect(await fallback.query(`select to_regclass('prepared') as t`)).toEqual([{ t: null }]);
    await fallback.close();
  });

  it('rejects an unknown bootstrap with INVALID_DRIVER_OPTIONS naming the value', async () => {
    const error = await createPgliteDriver({
      dataDir: 'memory://',
      bootstrap: 'copy' as PgliteBootstrap,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPgliteDriverOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_DRIVER_OPTIONS',
      message: expect.stringContaining('"copy"'),
    });
  });
});
