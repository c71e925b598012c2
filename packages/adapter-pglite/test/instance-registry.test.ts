import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOnePerProcess } from '@eliza-sql/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPgliteDriver,
  createPgliteInstanceRegistry,
  DEFAULT_PGLITE_DATA_DIR,
  getPgliteInstanceRegistry,
  isDriverClosedError,
} from '../src/index.js';
import { lockFileFor } from '../src/data-dir-lock.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('instance registry [pglite]', () => {
  it('shares one instance per data dir, reference-counted; the last close frees the dir', async () => {
    const registry = createPgliteInstanceRegistry();
    const dataDir = join(root, 'nested', 'created', 'dir');
    const a = await createPgliteDriver({ dataDir, registry });
    const b = await createPgliteDriver({ dataDir: `${dataDir}/`, registry });
    expect(existsSync(dataDir)).toBe(true);
    expect(registry.size).toBe(1);
    expect(registry.entries).toEqual([{ dataDir, refs: 2, lockFile: lockFileFor(dataDir) }]);
    await a.query('create table shared (n int)');
    await b.query('insert into shared values (1)');
    expect(await a.query('select n from shared')).toEqual([{ n: 1 }]);

    await a.close();
    expect(registry.entries).toEqual([{ dataDir, refs: 1, lockFile: lockFileFor(dataDir) }]);
    await expect(b.query('select count(*) as c from shared')).resolves.toEqual([{ c: '1' }]);
    await b.close();
    expect(registry.size).toBe(0);
    expect(existsSync(lockFileFor(dataDir))).toBe(false);

    const reopened = await createPgliteDriver({ dataDir, registry });
    expect(await reopened.query('select n from shared')).toEqual([{ n: 1 }]);
    await reopened.close();
  });

  it('keys memory:// by name: memory://a and memory://b are separate instances', async () => {
    const registry = createPgliteInstanceRegistry();
    const a = await createPgliteDriver({ dataDir: 'memory://a', registry });
    const b = await createPgliteDriver({ dataDir: 'memory://b', registry });
    await a.query('create table only_in_a (n int)');
    await expect(b.query('select * from only_in_a')).rejects.toThrow(/only_in_a/);
    expect(registry.size).toBe(2);
    await a.close();
    await b.close();
  });

  it('is one per process, on globalThis under a Symbol.for key, even if the package is loaded twice', async () => {
    // The second copy of the module comes from a fresh import after the module cache is reset.
    await expectOnePerProcess('@eliza-sql/adapter-pglite/registry', getPgliteInstanceRegistry, async () => {
      return (await import('../src/instance-registry.js')).getPgliteInstanceRegistry;
    });
  });

  it('rejects calls after close with DRIVER_CLOSED (isDriverClosedError)', async () => {
    const driver = await createPgliteDriver({
      dataDir: 'memory://closed',
      registry: createPgliteInstanceRegistry(),
    });
    await driver.close();
    const error = await driver.query('select 1').catch((e: unknown) => e);
    expect(isDriverClosedError(error)).toBe(true);
    expect(String(error)).toContain('pglite driver is closed: cannot run query');
  });

  it('rejects an empty dataDir with a typed error', async () => {
    await expect(createPgliteDriver({ dataDir: '' })).rejects.toMatchObject({
      code: 'INVALID_DRIVER_OPTIONS',
    });
  });

  it('defaults to where @elizaos/plugin-sql 1.7.2 keeps its data', () => {
    expect(DEFAULT_PGLITE_DATA_DIR).toBe('./.eliza/.elizadb');
  });
});
