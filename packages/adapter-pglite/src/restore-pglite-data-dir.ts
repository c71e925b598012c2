import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isUnusedDataDir, seedDataDir } from './cluster-seed.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { PgliteDataDirNotEmptyError } from './pglite-data-dir-not-empty-error.js';
import { InvalidTarArchiveError, readTarArchive, type TarEntry, writeTarArchive } from './tar-archive.js';

/** Runtime state of the instance that was backed up, not part of its database. */
const RUNTIME_FILES = new Set(['postmaster.pid', 'postmaster.opts']);

/**
 * Restores an archive of `backupPgliteDataDir` (gzip'd or not) into `dataDir`, which must be missing
 * or empty (`PGLITE_DATA_DIR_NOT_EMPTY` otherwise) and not open in any process (`PGLITE_DATA_DIR_LOCKED`:
 * the lock is held while the files are written). The files are written beside it and renamed into
 * place, so a failed restore leaves no partial database. An archive that is not a PostgreSQL data
 * directory is `INVALID_TAR_ARCHIVE`. Opening the directory afterwards recovers it like a restart.
 */
export function restorePgliteDataDir(archive: Uint8Array, dataDir: string): void {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const entries = readTarArchive(tar).filter((e) => !RUNTIME_FILES.has(e.path));
  if (!entries.some((e: TarEntry) => e.type === 'file' && e.path === 'PG_VERSION')) {
    throw new InvalidTarArchiveError('it holds no PG_VERSION file: not a PGlite data directory backup');
  }
  const dir = resolve(dataDir);
  mkdirSync(dirname(dir), { recursive: true });
  const lock = acquireDataDirLock(dir);
  try {
    if (!isUnusedDataDir(dir)) throw new PgliteDataDirNotEmptyError(dir);
    seedDataDir(dir, writeTarArchive(entries));
  } finally {
    lock.release();
  }
}
