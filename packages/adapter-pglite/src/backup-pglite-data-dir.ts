import { PGlite } from '@electric-sql/pglite';
import { type DatabaseDriver, InvalidDriverOptionsError } from '@eliza-sql/core-schema/driver';

/**
 * An archive (uncompressed ustar) of the data directory of a RUNNING PGlite driver, consistent
 * without stopping it: inside one transaction (PGlite's transaction mutex, so no other statement or
 * transaction of this process runs meanwhile) it takes a CHECKPOINT, so every committed row is in the
 * data files, then copies the files in one synchronous walk (PGlite's `dumpDataDir`). Writers of the
 * same instance wait for the copy, then go on. Restore it with `restorePgliteDataDir`.
 */
export async function backupPgliteDataDir(driver: DatabaseDriver): Promise<Uint8Array> {
  const pglite = driver.connection;
  if (driver.capabilities.backend !== 'pglite' || !(pglite instanceof PGlite)) {
    throw new InvalidDriverOptionsError('driver', driver.capabilities.backend, 'a PGlite driver', {
      backend: 'pglite',
    });
  }
  const dump = await driver.transaction(async (tx) => {
    await tx.query('CHECKPOINT');
    return pglite.dumpDataDir('none');
  });
  return new Uint8Array(await dump.arrayBuffer());
}
