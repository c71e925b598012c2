import { restorePglite } from '../backup/restore-pglite.js';
import { type CliCommand, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter } from './create-progress-reporter.js';
import { isPostgresLocation } from './open-database-location.js';
import { refusedExit } from './refused-exit.js';

/** `eliza-sql restore`: a backup archive into a new PGlite data directory. */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'restore a backup archive into a new PGlite data directory',
  usage: [
    'usage: eliza-sql restore --from <file.tar.gz> --db <new PGlite dir>',
    '',
    '  --from <file>     an archive `eliza-sql backup` or backupPglite() wrote',
    '  --db <dir>        the data directory to create: missing or empty, not in use',
    '',
    'A non-empty or in-use directory is refused (exit 2) and nothing is written. Then start the',
    'agent with PGLITE_DATA_DIR=<dir>.',
    '',
    'example: eliza-sql restore --from eliza-2026-12-07.tar.gz --db ./.eliza/.elizadb-restored',
  ].join('\n'),
  options: {
    from: { type: 'string' },
    db: { type: 'string' },
  },
  async run(values, _positionals, io) {
    if (typeof values.from !== 'string' || values.from.trim() === '') {
      throw new CliUsageError('--from <file> is required');
    }
    if (typeof values.db !== 'string' || values.db.trim() === '') {
      throw new CliUsageError('--db <new PGlite directory> is required');
    }
    if (isPostgresLocation(values.db) || values.db.startsWith('memory://')) {
      throw new CliUsageError('--db: restore writes a PGlite directory (a path)');
    }
    const progress = createProgressReporter(io, 'restore');
    try {
      const restored = await restorePglite({ from: values.from, dataDir: values.db });
      progress.finish(`restored ${restored.bytes} bytes into ${restored.dataDir}`);
      io.out(restored.dataDir);
      return EXIT_CODES.ok;
    } catch (error) {
      const refused = refusedExit('restore', error, io);
      if (refused !== undefined) return refused;
      throw error;
    }
  },
};
