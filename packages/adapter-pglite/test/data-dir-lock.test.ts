import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSourceScript } from '@eliza-sql/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../src/data-dir-lock.js';
import { createPgliteDriver, createPgliteInstanceRegistry, PgliteDataDirLockedError } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-lock-'));
const spawnWriter = (args: string[]) =>
  spawnSourceScript(new URL('./fixtures/pglite-writer.ts', import.meta.url), args);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('data dir lock [pglite]', () => {
  it('a second registry in this process gets PGLITE_DATA_DIR_LOCKED naming this pid', async () => {
    const dataDir = join(root, 'same-process');
    const first = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() });
    const error = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PgliteDataDirLockedError);
    expect(error).toMatchObject({ code: 'PGLITE_DATA_DIR_LOCKED', holder: { pid: process.pid } });
    expect(String(error.message)).toContain(String(process.pid));
    await expect(first.ping()).resolves.toBeUndefined();
    await first.close();
    expect(existsSync(lockFileFor(dataDir))).toBe(false);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dataDir = join(root, 'stale');
    mkdirSync(dataDir, { recursive: true });
    const dead = spawnWriter([]); // exits at once (no dataDir argument)
    const { code } = await dead.exited;
    expect(code).not.toBe(0);
    const stale = { pid: dead.process.pid, hostname: hostname(), startedAt: new Date(0).toISOString() };
    writeFileSync(lockFileFor(dataDir), JSON.stringify(stale));
    const driver = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() });
    expect(JSON.parse(readFileSync(lockFileFor(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    await driver.close();
  });

  it('of two processes taking over one stale lock at once, exactly one wins', async () => {
    const dataDir = join(root, 'stale-race');
    mkdirSync(dataDir, { recursive: true });
    const dead = spawnWriter([]);
    await dead.exited;
    const stale = { pid: dead.process.pid, hostname: hostname(), startedAt: new Date(0).toISOString() };
    writeFileSync(lockFileFor(dataDir), JSON.stringify(stale));
    const racers = [spawnWriter([dataDir]), spawnWriter([dataDir])];
    try {
      const outcomes = await Promise.all(racers.map((r) => r.waitFor(/^(ready|error )/)));
      expect(outcomes.filter((o) => o === 'ready')).toHaveLength(1);
      expect(outcomes.filter((o) => o.startsWith('error PGLITE_DATA_DIR_LOCKED'))).toHaveLength(1);
      const winner = racers[outcomes.indexOf('ready')];
      expect(JSON.parse(readFileSync(lockFileFor(dataDir), 'utf8'))).toMatchObject({
        pid: winner?.process.pid,
      });
    } finally {
      for (const r of racers) r.process.kill('SIGKILL');
      await Promise.all(racers.map((r) => r.exited));
    }
  });

  it('memory:// takes no lock', async () => {
    const registry = createPgliteInstanceRegistry();
    const driver = await createPgliteDriver({ dataDir: 'memory://nolock', registry });
    expect(registry.entries).toEqual([{ dataDir: 'memory://nolock', refs: 1 }]);
    await driver.close();
  });

  it('two processes on one dir: the second fails clearly, the first keeps writing', async () => {
    const dataDir = join(root, 'two-processes');
    const first = spawnWriter([dataDir]);
    try {
      await first.waitFor(/^committed 3$/);
      const second = spawnWriter([dataDir]);
      const line = await second.waitFor(/^error /);
      expect(line).toContain('PGLITE_DATA_DIR_LOCKED');
      expect(line).toContain(`pid ${first.process.pid}`);
      expect((await second.exited).code).toBe(3);
      const before = first.lines().filter((l) => l.startsWith('committed')).length;
      await first.waitFor(new RegExp(`^committed ${before + 5}$`));
      // This process is refused too, while the first is alive.
      await expect(
        createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() }),
      ).rejects.toMatchObject({
        code: 'PGLITE_DATA_DIR_LOCKED',
        holder: { pid: first.process.pid },
      });
    } finally {
      first.process.kill('SIGKILL');
      await first.exited;
    }
  });

  it('after SIGKILL mid-write, the next open takes the stale lock over and every committed row is there', async () => {
    const dataDir = join(root, 'killed');
    const writer = spawnWriter([dataDir]);
    await writer.waitFor(/^committed 20$/);
    writer.process.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    const committed = writer
      .lines()
      .filter((l) => l.startsWith('committed '))
      .map((l) => Number(l.split(' ')[1]));
    const lastCommitted = Math.max(...committed);
    expect(existsSync(lockFileFor(dataDir))).toBe(true); // left behind by the killed process

    const driver = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() });
    const rows = await driver.query<{ id: number }>('select id from writes order by id');
    const ids = rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(lastCommitted);
    expect(ids.slice(0, lastCommitted)).toEqual(Array.from({ length: lastCommitted }, (_, i) => i + 1));
    await driver.close();
  });
});
