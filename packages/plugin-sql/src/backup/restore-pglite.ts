import { readFile } from 'node:fs/promises';
import { invalidInput } from '../errors.js';
import { toPublicError } from '../error-mapping/to-public-error.js';

/** Options of {@link restorePglite}. */
export interface RestorePgliteOptions {
  /** An archive {@link backupPglite} wrote. */
  readonly from: string;
  /** The data directory to create: missing or empty, and not open in any process. */
  readonly dataDir: string;
}

/**
 * Restores a {@link backupPglite} archive into `dataDir`. Refuses, writing nothing: a non-empty
 * directory (PGLITE_DATA_DIR_NOT_EMPTY), one another process holds (PGLITE_DATA_DIR_LOCKED), a file
 * that is not such an archive (INVALID_TAR_ARCHIVE). Open it with `PGLITE_DATA_DIR=<dataDir>`.
 */
export async function restorePglite(
  options: RestorePgliteOptions,
): Promise<{ dataDir: string; bytes: number }> {
  const { from, dataDir } = options ?? {};
  if (typeof from !== 'string' || from.trim() === '')
    throw invalidInput('from', from, 'an archive file path');
  if (typeof dataDir !== 'string' || dataDir.trim() === '' || dataDir.startsWith('memory://')) {
    throw invalidInput('dataDir', dataDir, 'a directory path');
  }
  let archive: Buffer;
  try {
    archive = await readFile(from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw invalidInput('from', from, 'an existing archive file (eliza-sql backup writes one)');
    }
    throw toPublicError(error, 'restorePglite');
  }
  try {
    const { restorePgliteDataDir } = await import('@eliza-sql/adapter-pglite');
    restorePgliteDataDir(archive, dataDir);
    return { dataDir, bytes: archive.length };
  } catch (error) {
    throw toPublicError(error, 'restorePglite');
  }
}
