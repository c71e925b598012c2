import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { SqlRetentionConfig } from '../config.js';
import { isUuid } from '../validation.js';
import { runRetention } from '../retention/run-retention.js';
import { type CliCommand, type CliValues, CliUsageError, EXIT_CODES } from './cli-command.js';
import { createProgressReporter } from './create-progress-reporter.js';
import { openExistingDatabase } from './open-existing-database.js';
import { refusedExit } from './refused-exit.js';

const DAY_MS = 86_400_000;

/** `eliza-sql prune`: one retention pass for one agent, as its options say. */
export const pruneCommand: CliCommand = {
  name: 'prune',
  summary: 'remove an agent’s old memories and logs and its expired cache entries',
  usage: [
    'usage: eliza-sql prune --db <PGlite dir | postgres:// URL> --agent <id | name> [limits]',
    '',
    'limits (at least one):',
    '  --max-age-days <n>      remove memories older than n days (of --tables)',
    '  --max-per-room <n>      keep the newest n memories of each room (of --tables)',
    '  --log-max-age-days <n>  remove logs older than n days',
    '  --expired-cache         remove cache entries whose expiry has passed',
    'options:',
    '  --tables <a,b>          memory tables the memory limits apply to (default: messages)',
    '  --batch-size <n>        rows per delete statement (default 500)',
    '',
    'A PGlite directory held by a running agent is refused (exit 2): stop the agent, or let its',
    'retention service prune (settings MEMORY_MAX_AGE_DAYS, MEMORY_MAX_PER_ROOM, LOG_MAX_AGE_DAYS).',
    '',
    'example: eliza-sql prune --db ./.eliza/.elizadb --agent Eliza --max-per-room 1000 --expired-cache',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    agent: { type: 'string' },
    tables: { type: 'string' },
    'max-age-days': { type: 'string' },
    'max-per-room': { type: 'string' },
    'log-max-age-days': { type: 'string' },
    'expired-cache': { type: 'boolean' },
    'batch-size': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const config = retentionFromFlags(values);
    if (typeof values.agent !== 'string' || values.agent.trim() === '') {
      throw new CliUsageError('--agent <id | name> is required');
    }
    let driver: DatabaseDriver;
    try {
      driver = await openExistingDatabase(values.db);
    } catch (error) {
      const refused = refusedExit('prune', error, io);
      if (refused !== undefined) return refused;
      throw error;
    }
    try {
      const agentId = await findAgent(driver, values.agent);
      const progress = createProgressReporter(io, 'prune');
      const report = await runRetention(driver, config, {
        agentId,
        signal: io.signal,
        onProgress: (p) => progress.update(p.removed),
      });
      const byTable = new Map<string, number>();
      for (const r of report.removed) byTable.set(r.table, (byTable.get(r.table) ?? 0) + r.count);
      for (const [table, count] of byTable) io.out(`${table}\t${count}`);
      progress.finish(`removed ${report.total} rows${report.interrupted ? ' (interrupted)' : ''}`);
      return report.interrupted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
    } finally {
      await driver.close();
    }
  },
};

function retentionFromFlags(values: CliValues): SqlRetentionConfig {
  const maxAgeDays = positive(values, 'max-age-days');
  const maxPerRoom = positive(values, 'max-per-room');
  const logDays = positive(values, 'log-max-age-days');
  const sweep = values['expired-cache'] === true;
  if (maxAgeDays === undefined && maxPerRoom === undefined && logDays === undefined && !sweep) {
    throw new CliUsageError(
      'nothing to prune: give --max-age-days, --max-per-room, --log-max-age-days or --expired-cache',
    );
  }
  const tables =
    typeof values.tables === 'string' ? values.tables.split(',').map((t) => t.trim()) : ['messages'];
  if (tables.some((t) => t === ''))
    throw new CliUsageError(`--tables ${String(values.tables)}: an empty table name`);
  const memoryLimits = maxAgeDays !== undefined || maxPerRoom !== undefined;
  return {
    memories: memoryLimits
      ? tables.map((table) => ({
          table,
          ...(maxAgeDays !== undefined ? { maxAgeMs: maxAgeDays * DAY_MS } : {}),
          ...(maxPerRoom !== undefined ? { maxPerRoom } : {}),
        }))
      : [],
    logMaxAgeMs: logDays === undefined ? undefined : logDays * DAY_MS,
    sweepExpiredCache: sweep,
    intervalMs: 0,
    batchSize: positive(values, 'batch-size') ?? 500,
  };
}

function positive(values: CliValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
    throw new CliUsageError(`--${name} ${String(raw)}: expected a whole number of at least 1`);
  }
  return n;
}

/** The agent named by `--agent`: its id, or the one agent with that name. */
async function findAgent(driver: DatabaseDriver, agent: string): Promise<UUID> {
  const rows = await driver.query<{ id: UUID }>(
    isUuid(agent)
      ? sql`SELECT id FROM agents WHERE id = ${agent}`
      : sql`SELECT id FROM agents WHERE name = ${agent} ORDER BY id LIMIT 2`,
  );
  if (rows.length === 1 && rows[0]) return rows[0].id;
  throw new CliUsageError(
    rows.length === 0
      ? `--agent ${agent}: no such agent in this database`
      : `--agent ${agent}: several agents have this name; give the id`,
  );
}
