import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, linkSync } from 'node:fs';
import { hostname } from 'node:os';
import { type DataDirLockHolder, PgliteDataDirLockedError } from './pglite-data-dir-locked-error.js';

/** An exclusive hold on a data directory; `release()` removes the lock file if it is still ours. */
export interface DataDirLock {
  readonly lockFile: string;
  release(): void;
}

/** The lock file of a data dir: a sibling `<dataDir>.lock`, so the data dir holds only PostgreSQL's files. */
export function lockFileFor(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.lock`;
}

function readHolder(file: string): DataDirLockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DataDirLockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return undefined;
    return { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt) };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function sameHolder(a: DataDirLockHolder | undefined, b: DataDirLockHolder): boolean {
  return a?.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

/**
 * Takes the data dir's lock. The lock file is written whole to a temporary name and then hard-linked
 * into place (`link` fails if the name exists, atomically, like `O_EXCL`), so no reader ever sees a
 * half-written file. A lock whose holder is on this host and no longer alive is stale: it is moved
 * aside (rename is atomic: of two processes taking it over, one wins), checked to be the stale one, and
 * removed; then the take is retried. A holder on another host cannot be checked, so it counts as live.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockFile = lockFileFor(dataDir);
  const me: DataDirLockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  const temp = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, lockFile);
        return {
          lockFile,
          release() {
            if (sameHolder(readHolder(lockFile), me)) rmSync(lockFile, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(lockFile);
      if (holder && (holder.hostname !== me.hostname || isAlive(holder.pid))) {
        throw new PgliteDataDirLockedError(dataDir, lockFile, holder);
      }
      // Stale (dead holder) or unreadable: move it aside and make sure we moved the one we judged.
      const aside = `${temp}.stale`;
      try {
        renameSync(lockFile, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // someone else took it over
        throw error;
      }
      const moved = readHolder(aside);
      if (holder && !sameHolder(moved, holder)) {
        // A live process took the lock between our read and our rename: put it back, report it.
        try {
          linkSync(aside, lockFile);
        } finally {
          unlinkSync(aside);
        }
        if (moved) throw new PgliteDataDirLockedError(dataDir, lockFile, moved);
        continue;
      }
      unlinkSync(aside);
    }
    const holder = readHolder(lockFile) ?? { pid: -1, hostname: 'unknown', startedAt: 'unknown' };
    throw new PgliteDataDirLockedError(dataDir, lockFile, holder);
  } finally {
    rmSync(temp, { force: true });
  }
}
