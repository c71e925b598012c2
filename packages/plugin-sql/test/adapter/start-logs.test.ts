/**
 * What a first start prints at the elizaOS default log level (info), against the reference
 * `@elizaos/plugin-sql@1.7.2` doing the same start in the same process: never more lines, and no DDL
 * statement among them (a first start runs ~80). The statements stay available at debug (`verbose`).
 */
import { createTestBackends, uuid } from '@eliza-sql/test-support';
import { addLogListener, type IDatabaseAdapter, type LogEntry } from '@elizaos/core';
import {
  createDatabaseAdapter as createReferenceAdapter,
  plugin as referencePlugin,
} from '@elizaos/plugin-sql';
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabaseAdapter, plugin, SqlDatabaseAdapter, type SqlLogger } from '../../src/index.js';
import { testBackends } from '../support/backends.js';

/** A plugin of the agent besides the SQL plugin, so DDL runs even when PGlite starts from its seed. */
const diary = {
  diary: pgTable('start_log_diary', { id: text('id').primaryKey(), entry: text('entry') }, (t) => [
    index('start_log_diary_entry_idx').on(t.entry),
  ]),
};
const DDL = /\b(CREATE|ALTER|DROP) (TABLE|INDEX|EXTENSION|SCHEMA|UNIQUE)\b/;
/** The elizaOS logger's numeric levels (the listener also hears the console writer, with small numbers). */
const INFO = 30;

/** A fresh, empty database of each backend: every start below is a first start. */
const backends = createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_start_logs' });

/**
 * What `AgentRuntime.initialize()` does with a fresh adapter (core 1.7.2 passes `verbose: true` outside
 * production); returns every line printed at info or above meanwhile.
 */
async function firstStart(
  adapter: Pick<IDatabaseAdapter, 'init' | 'close' | 'runPluginMigrations'>,
  sqlPluginSchema: Record<string, unknown> | undefined,
): Promise<LogEntry[]> {
  const printed: LogEntry[] = [];
  const stop = addLogListener((entry) => {
    if ((entry.level ?? 0) >= INFO) printed.push(entry);
  });
  try {
    await adapter.init();
    await adapter.runPluginMigrations?.(
      [
        // (`never`: core types a schema as a record of scalars, not of Drizzle tables.)
        { name: '@elizaos/plugin-sql', schema: sqlPluginSchema as never },
        { name: 'plugin-diary', schema: diary as never },
      ],
      { verbose: true, force: false, dryRun: false },
    );
  } finally {
    stop();
    await adapter.close();
  }
  return printed;
}

describe('first start logs', () => {
  afterAll(async () => {
    for (const backend of backends) await backend.cleanup();
  });

  for (const { name, open: location } of backends) {
    it(`a first start prints no more lines than the reference's, and no DDL statement [${name}]`, async () => {
      const reference = await firstStart(
        createReferenceAdapter(await location(), uuid()),
        referencePlugin.schema,
      );
      const ours = await firstStart(createDatabaseAdapter(await location(), uuid()), plugin.schema);
      const messages = (lines: LogEntry[]) => lines.map((entry) => entry.msg);
      // The reference's start did run (and printed); ours prints no more.
      expect(reference.length).toBeGreaterThan(0);
      expect(ours.length, messages(ours).join('\n')).toBeLessThanOrEqual(reference.length);
      expect(messages(ours).filter((msg) => DDL.test(msg))).toEqual([]);
      // One line per plugin whose schema changed (ours may start from its seed on PGlite: no core line).
      const info = ours.filter((entry) => entry.level === INFO).map((entry) => entry.msg);
      expect(info.filter((msg) => msg.includes('plugin-diary'))).toEqual([
        expect.stringMatching(/Migration completed.*pluginName=plugin-diary.*applied=true/),
      ]);
      const others = info.filter((msg) => !msg.includes('plugin-diary'));
      expect(others.length).toBeLessThanOrEqual(1);
      for (const msg of others)
        expect(msg).toMatch(/Migration completed.*@elizaos\/plugin-sql.*applied=true/);
    });
  }
});

for (const backend of testBackends) {
  describe(`verbose migrations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('verbose still logs each statement, at debug level', async () => {
      const lines: Record<'debug' | 'info', string[]> = { debug: [], info: [] };
      const logger: SqlLogger = {
        debug: (message) => lines.debug.push(message),
        info: (message) => lines.info.push(message),
        warn() {},
        error() {},
      };
      const adapter = new SqlDatabaseAdapter(uuid(), {
        driver: await backend.open(),
        ownsDriver: false,
        logger,
      });
      await adapter.runPluginMigrations([{ name: 'plugin-diary', schema: diary }], { verbose: true });
      expect(lines.debug.filter((line) => DDL.test(line))).toEqual([
        expect.stringContaining('CREATE TABLE "public"."start_log_diary"'),
        expect.stringContaining('CREATE INDEX "start_log_diary_entry_idx"'),
      ]);
      expect(lines.info.filter((line) => DDL.test(line))).toEqual([]);
      expect(lines.info).toEqual(['Migration completed']);
    });
  });
}
