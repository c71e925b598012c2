import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { exportAgent } from '../data-transfer/export-agent.js';
import { type CliCommand, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter, type ProgressReporter } from './create-progress-reporter.js';
import { openCliDatabase } from './open-cli-database.js';

/** `eliza-sql export`: one agent's data to an archive file. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: "write one agent's data to a compressed archive (eliza-sql-agent-archive, NDJSON + gzip)",
  usage: [
    'usage: eliza-sql export --db <PGlite dir | postgres:// URL> --agent <id | name> --out <file> [--include-messaging] [--include-secrets]',
    '',
    'options:',
    '  --db <location>       the database holding the agent (only read)',
    '  --agent <id | name>   the agent to export',
    '  --out <file>          the archive to write (must not exist; conventionally *.ndjson.gz)',
    '  --include-messaging   also the message servers the agent belongs to, their channels and messages',
    "  --include-secrets     keep the agent's secrets (settings.secrets, secret world settings): left out by default",
    '',
    'example:',
    '  eliza-sql export --db ./.eliza/.elizadb --agent Eliza --out eliza.ndjson.gz',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    agent: { type: 'string' },
    out: { type: 'string' },
    'include-messaging': { type: 'boolean' },
    'include-secrets': { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const { db, agent, out } = values;
    if (typeof db !== 'string' || db === '') throw new CliUsageError('--db <location> is required');
    if (typeof agent !== 'string' || agent === '') throw new CliUsageError('--agent <id | name> is required');
    if (typeof out !== 'string' || out === '') throw new CliUsageError('--out <file> is required');
    if (existsSync(out))
      throw new CliUsageError(`--out: ${out} already exists; remove it or choose another file`);
    const opened = await openCliDatabase(io, 'db', db, false);
    if (!('driver' in opened)) return opened.exitCode;
    // written aside and renamed at the end, so a failed export never leaves a file that looks whole
    const partial = `${out}.partial`;
    try {
      let reporter: ProgressReporter | undefined;
      let current = '';
      const result = await exportAgent(opened.driver, {
        agent,
        output: createWriteStream(partial),
        includeMessaging: values['include-messaging'] === true,
        includeSecrets: values['include-secrets'] === true,
        signal: io.signal,
        onProgress: (p) => {
          if (p.table !== current) {
            reporter?.finish('done');
            reporter = createProgressReporter(io, `export ${p.table}`);
            current = p.table;
          }
          reporter?.update(p.done);
        },
      });
      reporter?.finish('done');
      renameSync(partial, out);
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      io.out(`exported agent ${result.agent.name} (${result.agent.id}): ${total} row(s) to ${out}`);
      for (const [table, count] of Object.entries(result.rows)) io.out(`  ${table.padEnd(22)} ${count}`);
      return EXIT_CODES.ok;
    } finally {
      rmSync(partial, { force: true });
      await opened.driver.close();
    }
  },
};
