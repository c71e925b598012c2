import { createReadStream, existsSync } from 'node:fs';
import { importAgent } from '../data-transfer/import-agent.js';
import { isElizaSqlError } from '../errors.js';
import { type CliCommand, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter, type ProgressReporter } from './create-progress-reporter.js';
import { openCliDatabase } from './open-cli-database.js';

/** `eliza-sql import`: load an agent archive into a database. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'load an agent archive written by `eliza-sql export` into a database (all or nothing)',
  usage: [
    'usage: eliza-sql import --db <PGlite dir | postgres:// URL> --in <file> [--as-agent <uuid>]',
    '',
    'Migrates the database, then inserts every row of the archive in one transaction.',
    '',
    'options:',
    '  --db <location>      the database to load into (created and migrated as needed)',
    '  --in <file>          the archive',
    "  --as-agent <uuid>    import under this new agent id (the agent's ids are remapped), e.g. next to the original",
    '',
    'example:',
    '  eliza-sql import --db postgres://user@localhost:5432/eliza --in eliza.ndjson.gz',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    in: { type: 'string' },
    'as-agent': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const { db } = values;
    const file = values.in;
    const asAgent = values['as-agent'];
    if (typeof db !== 'string' || db === '') throw new CliUsageError('--db <location> is required');
    if (typeof file !== 'string' || file === '') throw new CliUsageError('--in <file> is required');
    if (!existsSync(file)) throw new CliUsageError(`--in: no file at ${file}`);
    if (asAgent !== undefined && typeof asAgent !== 'string')
      throw new CliUsageError('--as-agent takes a UUID');
    const opened = await openCliDatabase(io, 'db', db, true);
    if (!('driver' in opened)) return opened.exitCode;
    try {
      let reporter: ProgressReporter | undefined;
      let current = '';
      const result = await importAgent(opened.driver, createReadStream(file), {
        asAgent,
        signal: io.signal,
        onProgress: (p) => {
          if (p.table !== current) {
            reporter?.finish('done');
            reporter = createProgressReporter(io, `import ${p.table}`);
            current = p.table;
          }
          reporter?.update(p.done);
        },
      });
      reporter?.finish('done');
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      io.out(`imported agent ${result.agent.name} (${result.agent.id}): ${total} row(s)`);
      for (const [table, count] of Object.entries(result.rows)) io.out(`  ${table.padEnd(22)} ${count}`);
      return EXIT_CODES.ok;
    } catch (error) {
      if (!isElizaSqlError(error, 'TARGET_HOLDS_OTHER_DATA')) throw error;
      io.err(`eliza-sql import: ${error.code}: ${error.message}`);
      return EXIT_CODES.refused;
    } finally {
      await opened.driver.close();
    }
  },
};
