import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { ElizaSqlError, invalidInput } from '../errors.js';
import { toPublicError } from '../error-mapping/to-public-error.js';
import { isAdapterLike, type RetentionTarget } from '../retention/retention-target.js';

const gzipAsync = promisify(gzip);

/** Options of {@link backupPglite}. */
export interface BackupPgliteOptions {
  /** The archive file to write (a gzip'd tar of the data directory). */
  readonly to: string;
  /** Replace `to` if it exists (default false: an existing file is INVALID_INPUT). */
  readonly overwrite?: boolean;
}

/** What {@link backupPglite} wrote. */
export interface PgliteBackup {
  readonly path: string;
  /** Size of the archive file. */
  readonly bytes: number;
  /** Size of the data directory archived (uncompressed). */
  readonly dataBytes: number;
}

/**
 * Writes a consistent archive of the PGlite database `target` (a started adapter or an open driver)
 * runs on, WITHOUT stopping it: the agent keeps serving; its statements wait only while the files are
 * copied (see `backupPgliteDataDir` of adapter-pglite). The file appears whole or not at all (written
 * beside it, then renamed). Restore with {@link restorePglite}. A PostgreSQL target is
 * UNSUPPORTED_BY_BACKEND (use `pg_dump`).
 */
export async function backupPglite(
  target: RetentionTarget,
  options: BackupPgliteOptions,
): Promise<PgliteBackup> {
  const to = options?.to;
  if (typeof to !== 'string' || to.trim() === '') throw invalidInput('to', to, 'a file path');
  if (!options.overwrite && existsSync(to)) {
    throw invalidInput('to', to, 'a path that does not exist yet (or overwrite: true)');
  }
  const driver: DatabaseDriver = isAdapterLike(target) ? await target.getDriver() : target;
  if (driver?.capabilities?.backend !== 'pglite') {
    throw new ElizaSqlError(
      'UNSUPPORTED_BY_BACKEND',
      `backupPglite: the database is ${String(driver?.capabilities?.backend)}, not PGlite; back up PostgreSQL with pg_dump`,
      { operation: 'backupPglite' },
    );
  }
  const partial = `${to}.partial-${process.pid}`;
  try {
    const { backupPgliteDataDir } = await import('@eliza-sql/adapter-pglite');
    const archive = await backupPgliteDataDir(driver);
    const compressed = await gzipAsync(archive);
    await writeFile(partial, compressed, { flag: 'w', mode: 0o600 });
    await rename(partial, to);
    return { path: to, bytes: compressed.length, dataBytes: archive.length };
  } catch (error) {
    await rm(partial, { force: true });
    throw toPublicError(error, 'backupPglite');
  }
}
