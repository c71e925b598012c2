import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { backupPglite } from '../backup/backup-pglite.js';
import { type CliCommand, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter } from './create-progress-reporter.js';
import { isPostgresLocation } from './open-database-location.js';
import { openExistingDatabase } from './open-existing-database.js';
import { refusedExit } from './refused-exit.js';

/** `eliza-sql backup`: a consistent archive of a PGlite data directory. */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write a consistent archive of a PGlite data directory',
  usage: [
    'usage: eliza-sql backup --db <PGlite dir> --out <file.tar.gz> [--overwrite]',
    '',
    '  --db <dir>        the PGlite data directory (not in use by another process)',
    '  --out <file>      the archive to write (refused if it exists, unless --overwrite)',
    '  --overwrite       replace --out',
    '',
    'PGlite is single-process: a directory a running agent holds is refused (exit 2). Back up a',
    'running agent from inside it, without stopping it: backupPglite(runtime.adapter, { to }) from',
    '@eliza-sql/plugin-sql. Restore with `eliza-sql restore`. For PostgreSQL, use pg_dump.',
    '',
    'example: eliza-sql backup --db ./.eliza/.elizadb --out eliza-2026-12-07.tar.gz',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    out: { type: 'string' },
    overwrite: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    if (typeof values.out !== 'string' || values.out.trim() === '') {
      throw new CliUsageError('--out <file> is required');
    }
    if (typeof values.db === 'string' && isPostgresLocation(values.db)) {
      throw new CliUsageError('--db: backup archives a PGlite directory; for PostgreSQL use pg_dump');
    }
    let driver: DatabaseDriver;
    try {
      driver = await openExistingDatabase(values.db);
    } catch (error) {
      const refused = refusedExit('backup', error, io);
      if (refused !== undefined) return refused;
      throw error;
    }
    try {
      const progress = createProgressReporter(io, 'backup');
      const backup = await backupPglite(driver, { to: values.out, overwrite: values.overwrite === true });
      progress.finish(`wrote ${backup.path} (${backup.bytes} bytes, ${backup.dataBytes} bytes of data)`);
      io.out(backup.path);
      return EXIT_CODES.ok;
    } finally {
      await driver.close();
    }
  },
};
