import { type CopyProgress, copyDatabase } from '../data-transfer/copy-database.js';
import { isElizaSqlError } from '../errors.js';
import { type CliCommand, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter, type ProgressReporter } from './create-progress-reporter.js';
import { openCliDatabase } from './open-cli-database.js';

/** `eliza-sql copy`: promote a PGlite directory to PostgreSQL (or copy any database into another). */
export const copyCommand: CliCommand = {
  name: 'copy',
  summary: 'copy every core table from one database into another (e.g. PGlite to PostgreSQL), verified',
  usage: [
    'usage: eliza-sql copy --from <PGlite dir | postgres:// URL> --to <postgres:// URL | PGlite dir> [--merge]',
    '',
    'Migrates the target, copies every core table in batches (a rerun of an interrupted copy continues it),',
    'then compares every table row by row on both sides and prints row counts and checksums.',
    '',
    'options:',
    '  --from <location>   the database to copy (only read); a PGlite directory must not be in use',
    '  --to <location>     the database to copy into (created and migrated as needed)',
    '  --merge             copy even when the target already holds other data for the same agents',
    '',
    'examples:',
    '  eliza-sql copy --from ./.eliza/.elizadb --to postgres://user@localhost:5432/eliza',
    '  eliza-sql copy --from postgres://user@localhost:5432/eliza --to ./backup-db',
  ].join('\n'),
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    merge: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const from = values.from;
    const to = values.to;
    if (typeof from !== 'string' || from === '') throw new CliUsageError('--from <location> is required');
    if (typeof to !== 'string' || to === '') throw new CliUsageError('--to <location> is required');
    if (from === to) throw new CliUsageError('--from and --to name the same database');
    const source = await openCliDatabase(io, 'from', from, false);
    if (!('driver' in source)) return source.exitCode;
    try {
      const target = await openCliDatabase(io, 'to', to, true);
      if (!('driver' in target)) return target.exitCode;
      try {
        let reporter: ProgressReporter | undefined;
        let current = '';
        const onProgress = (p: CopyProgress) => {
          const label = `${p.phase} ${p.table}`;
          if (label !== current) {
            reporter?.finish('done');
            reporter = createProgressReporter(io, label);
            current = label;
          }
          reporter?.update(p.done, p.total);
        };
        const result = await copyDatabase({
          from: source.driver,
          to: target.driver,
          merge: values.merge === true,
          onProgress,
          signal: io.signal,
        });
        reporter?.finish('done');
        io.out('table                  source rows  target rows  checksum (source = target)');
        for (const t of result.tables) {
          const same = t.matchingRows === t.sourceRows && t.sourceChecksum === t.targetChecksum;
          io.out(
            `${t.table.padEnd(22)} ${String(t.sourceRows).padStart(11)}  ${String(t.targetRows).padStart(11)}  ` +
              `${t.sourceChecksum}${same ? '' : ` != ${t.targetChecksum} (${t.sourceRows - t.matchingRows} differ)`}`,
          );
        }
        const differing = result.tables.filter((t) => t.matchingRows !== t.sourceRows).length;
        io.out(
          differing === 0
            ? `copied ${result.inserted} row(s); every table verified`
            : `copied ${result.inserted} row(s); ${differing} table(s) differ: the target kept its own rows under the same keys (--merge)`,
        );
        return EXIT_CODES.ok;
      } catch (error) {
        if (!isElizaSqlError(error, 'TARGET_HOLDS_OTHER_DATA')) throw error;
        io.err(`eliza-sql copy: ${error.code}: ${error.message}`);
        return EXIT_CODES.refused;
      } finally {
        await target.driver.close();
      }
    } finally {
      await source.driver.close();
    }
  },
};
