import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../src/data-dir-lock.js';
import {
  backupPgliteDataDir,
  createPgliteDriver,
  InvalidTarArchiveError,
  PgliteDataDirLockedError,
  PgliteDataDirNotEmptyError,
  restorePgliteDataDir,
} from '../src/index.js';
import { writeTarArchive } from '../src/tar-archive.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('online backup and restore [pglite]', () => {
  it('backs up a running instance while writes go on; the restore opens and holds every row committed before the backup, whole transactions only', async () => {
    const source = await createPgliteDriver({ dataDir: join(root, 'live') });
    await source.query('CREATE TABLE t (n int PRIMARY KEY, batch int NOT NULL)');
    let committed = 0; // rows whose transaction has committed
    let stop = false;
    const writer = (async () => {
      for (let batch = 0; !stop; batch++) {
        await source.transaction(async (tx) => {
          for (let i = 0; i < 10; i++) await tx.query(`INSERT INTO t VALUES (${batch * 10 + i}, ${batch})`);
        });
        committed += 10;
        // PGlite settles in microtasks only: yield to timers, as an agent's I/O-driven writes do.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (committed < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = committed;
    const archive = await backupPgliteDataDir(source);
    const after = committed;
    while (committed < after + 50) await new Promise((resolve) => setTimeout(resolve, 5));
    stop = true;
    await writer;

    const restoredDir = join(root, 'restored');
    restorePgliteDataDir(archive, restoredDir);
    const restored = await createPgliteDriver({ dataDir: restoredDir });
    const [row] = await restored.query<{ rows: number; max: number | null; batches: number }>(
      'SELECT count(*)::int AS rows, max(n) AS max, count(DISTINCT batch)::int AS batches FROM t',
    );
    // Every row committed before the backup started is there; nothing later than it ended; no torn
    // transaction (whole batches of 10, numbered without gaps).
    expect(row?.rows).toBeGreaterThanOrEqual(before);
    expect(row?.rows).toBeLessThanOrEqual(after);
    expect((row?.rows ?? 1) % 10).toBe(0);
    expect(row?.max).toBe((row?.rows ?? 0) - 1);
    expect(row?.batches).toBe((row?.rows ?? 0) / 10);
    // The restored database takes writes; the source kept going.
    await restored.query('INSERT INTO t VALUES (-1, -1)');
    const [live] = await source.query<{ rows: number }>('SELECT count(*)::int AS rows FROM t');
    expect(live?.rows).toBe(committed);
    await restored.close();
    await source.close();
  }, 180_000); // two PGlite starts and a ~30 MB archive: slow on a loaded machine

  it('refuses a non-empty directory, a locked one and an archive that is not a data directory, writing nothing', async () => {
    const source = await createPgliteDriver({ dataDir: 'memory://backup-refusals' });
    const archive = await backupPgliteDataDir(source);
    await source.close();

    const full = join(root, 'full');
    mkdirSync(full, { recursive: true });
    writeFileSync(join(full, 'keep.txt'), 'mine');
    expect(() => restorePgliteDataDir(archive, full)).toThrow(PgliteDataDirNotEmptyError);

    const held = join(root, 'held');
    mkdirSync(held, { recursive: true });
    // A live holder (this process) in another registry or process: the lock file is all that says so.
    writeFileSync(
      lockFileFor(held),
      JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() }),
    );
    expect(() => restorePgliteDataDir(archive, held)).toThrow(PgliteDataDirLockedError);
    rmSync(lockFileFor(held));

    const notADatabase = writeTarArchive([
      { type: 'file', path: 'hello.txt', mode: 0o644, data: new Uint8Array(1) },
    ]);
    expect(() => restorePgliteDataDir(notADatabase, held)).toThrow(InvalidTarArchiveError);
    restorePgliteDataDir(archive, held); // the same directory, now free, takes it
    const opened = await createPgliteDriver({ dataDir: held });
    expect(await opened.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await opened.close();
  });
});
