/**
 * The real elizaOS server, `@elizaos/server@1.7.2`, on this plugin, as a user runs it: the package's
 * dependency on `@elizaos/plugin-sql` is overridden to ours (pnpm-workspace.yaml). One offline agent
 * (deterministic local embeddings, a fixed reply) answers through its REST API: agents, message
 * servers, channels, messages with paging, memories, rooms, logs; then the server restarts on the same
 * data and is asked again. The same scenario runs on the reference (@elizaos/plugin-sql@1.7.2, through
 * a resolve hook) on a database of its own, and every answer must be the same, ids and times aside.
 * Each server is a child process (the server installs signal handlers and process-wide singletons).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig, testConfigBackends } from '../support/config-backends.js';
import { normaliseExchanges } from './normalise-exchanges.js';
import { type PluginUnderTest, startServer } from './server-process.js';
import { type Exchange, firstRun, ScenarioRecorder, secondRun } from './server-scenario.js';

/** Runs the scenario on `plugin`: start, first run, restart on the same data, second run. */
async function runScenario(plugin: PluginUnderTest, database: DatabaseConfig): Promise<Exchange[]> {
  const cwd = mkdtempSync(join(tmpdir(), `eliza-server-${plugin}-`));
  let server = await startServer(plugin, database, cwd);
  const recorder = new ScenarioRecorder(server);
  try {
    const state = await firstRun(recorder);
    await server.stop();
    server = await startServer(plugin, database, cwd);
    recorder.useServer(server);
    await secondRun(recorder, state);
    return recorder.exchanges;
  } finally {
    await server.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * Takes out of `ours` what is deliberately not as the reference (the package README's differences
 * table): memories carry the `worldId` they were stored with. Only where the reference's answer at
 * the same place lacks the key.
 */
function withoutDeliberateDifferences(ours: unknown, reference: unknown): void {
  if (Array.isArray(ours) && Array.isArray(reference)) {
    ours.forEach((item, i) => {
      withoutDeliberateDifferences(item, reference[i]);
    });
    return;
  }
  if (!isRecord(ours) || !isRecord(reference)) return;
  const isMemory = 'content' in ours && 'roomId' in ours && 'entityId' in ours;
  if (isMemory && 'worldId' in ours && !('worldId' in reference)) delete ours.worldId;
  for (const [key, value] of Object.entries(ours)) withoutDeliberateDifferences(value, reference[key]);
}

/**
 * The runtime writes model logs without awaiting them, so the should-respond and the reply call of
 * one message (made within the same milliseconds) are stored in either order, on either plugin: a
 * listing of both kinds is compared grouped by type, each group in the order listed.
 */
function logsByType(exchange: Exchange): void {
  const data = isRecord(exchange.body) ? exchange.body.data : undefined;
  if (!Array.isArray(data)) return;
  const typeOf = (log: unknown) => (isRecord(log) ? String(log.type) : '');
  data.sort((a, b) => typeOf(a).localeCompare(typeOf(b))); // stable: keeps the listed order per type
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

for (const backend of testConfigBackends) {
  describe(`@elizaos/server@1.7.2 on ours answers as on the reference [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('the same REST answers, before and after a restart on the same data', async () => {
      // Both servers at once, each in a child process on a database of its own.
      const [ours, reference] = await Promise.all([
        backend.open().then((db) => runScenario('ours', db)),
        backend.open().then((db) => runScenario('reference', db)),
      ]);
      for (const exchange of [...ours, ...reference]) {
        if (exchange.request.includes('/logs?roomId=')) logsByType(exchange);
      }
      const actual = normaliseExchanges(ours);
      const expected = normaliseExchanges(reference);
      withoutDeliberateDifferences(actual, expected);
      // Every call of the scenario succeeds on the reference, so the answers compared are real ones.
      expect(expected.filter((e) => e.status >= 300).map((e) => `${e.status} ${e.request}`)).toEqual([]);
      expect(actual.map((e) => `${e.status} ${e.request}`)).toEqual(
        expected.map((e) => `${e.status} ${e.request}`),
      );
      for (const [i, exchange] of expected.entries()) {
        expect.soft(actual[i]?.body, exchange.request).toEqual(exchange.body);
      }
    }, 300_000);
  });
}
