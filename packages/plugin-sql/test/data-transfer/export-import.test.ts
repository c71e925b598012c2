/**
 * exportAgent / importAgent: one agent's rows (filled by a real AgentRuntime conversation plus
 * synthetic rows) round-trip identically into an empty database of each backend, secrets stay out
 * unless asked, an import under a new agent id lives next to the original, and bad archives or an
 * existing agent are refused with nothing written.
 */
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestBackends } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';
import { agentRowFilters } from '../../src/data-transfer/agent-row-filters.js';
import { exportAgent } from '../../src/data-transfer/export-agent.js';
import { importAgent } from '../../src/data-transfer/import-agent.js';
import { addSyntheticRows, runConversation, seedAgent } from './fill-database.js';
import { tableDigests } from './table-digests.js';

const backends = createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_export' });
const NEW_AGENT = '7f3c2a10-5b6e-4c1d-9a8b-0e1f2a3b4c5d';

async function exportToBuffer(driver: DatabaseDriver, agent: string, extra: object = {}): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportAgent(driver, { agent, output, includeMessaging: true, ...extra });
  return Buffer.concat(chunks);
}

/** Row digests of the agent's rows only (the export's selection), by table. */
async function agentDigests(driver: DatabaseDriver, agentId: string) {
  const filters = agentRowFilters(agentId, true);
  const all = await tableDigests(driver);
  const result: Record<string, string[]> = {};
  for (const [table, where] of Object.entries(filters)) {
    const keys = await driver.query<{ k: string }>(
      `SELECT ${table === 'cache' ? `t.key || '|' || t.agent_id` : table === 'message_server_agents' ? `t.message_server_id || '|' || t.agent_id` : table === 'channel_participants' ? `t.channel_id || '|' || t.entity_id` : 't.id::text'} AS k FROM "${table}" t WHERE ${where}`,
    );
    result[table] = keys.map((k) => `${k.k}=${all.rows[table]?.get(k.k)}`).sort();
  }
  return result;
}

for (const backend of backends) {
  describe(`exportAgent / importAgent from ${backend.name}`, () => {
    let source: DatabaseDriver;
    let agentId: string;
    const opened: DatabaseDriver[] = [];
    const openFresh = async (on = backend) => {
      const location = await on.open();
      const driver = await openDatabaseLocation(
        'dataDir' in location ? location.dataDir : location.postgresUrl,
      );
      opened.push(driver);
      return driver;
    };

    beforeAll(async () => {
      const location = await backend.open();
      agentId = await runConversation(
        'dataDir' in location
          ? { PGLITE_DATA_DIR: location.dataDir }
          : { POSTGRES_URL: location.postgresUrl },
        `Exporter ${backend.name}`,
      );
      source = await openDatabaseLocation('dataDir' in location ? location.dataDir : location.postgresUrl);
      opened.push(source);
      await addSyntheticRows(source, agentId as never, `Exporter ${backend.name}`, 1_000, 100);
      await seedAgent(source, 'Bystander');
    }, 120_000);

    afterAll(async () => {
      for (const driver of opened) await driver.close();
      for (const b of backends) await b.cleanup();
    });

    for (const into of backends) {
      it(`round trip into an empty ${into.name} database gives identical rows`, async () => {
        const archive = await exportToBuffer(source, `Exporter ${backend.name}`, { includeSecrets: true });
        const target = await openFresh(into);
        const result = await importAgent(target, Readable.from(archive));
        expect(result.agent.id).toBe(agentId);
        expect(result.rows.memories).toBeGreaterThan(1_000);
        const expected = await agentDigests(source, agentId);
        expect(await agentDigests(target, agentId)).toEqual(expected);
        expect(expected.embeddings?.length).toBeGreaterThanOrEqual(100);
        expect(expected.central_messages?.length).toBe(15);
        // nothing of the other agent came along
        expect(await target.query(`SELECT name FROM agents`)).toEqual([{ name: `Exporter ${backend.name}` }]);
      }, 120_000);
    }

    it('leaves the agent secrets out unless asked', async () => {
      const target = await openFresh();
      await importAgent(target, Readable.from(await exportToBuffer(source, agentId)));
      const settingsOf = async (driver: DatabaseDriver) =>
        (
          await driver.query<{ settings: Record<string, Record<string, unknown>> }>(
            `SELECT settings FROM agents WHERE id = '${agentId}'`,
          )
        )[0]?.settings;
      const worldSettingsOf = async (driver: DatabaseDriver) =>
        (
          await driver.query<{ s: Record<string, { value: unknown }> }>(
            `SELECT metadata->'settings' AS s FROM worlds WHERE agent_id = '${agentId}' AND metadata ? 'settings'`,
          )
        )[0]?.s;
      const original = await settingsOf(source);
      const imported = await settingsOf(target);
      expect(original?.secrets).toEqual({ OPENAI_API_KEY: 'sk-not-a-real-key' });
      expect(original?.['@eliza-sql/agent-fields']?.secrets).toEqual({ DISCORD_TOKEN: 'not-a-real-token' });
      expect(imported?.secrets).toBeUndefined();
      expect(imported?.['@eliza-sql/agent-fields']?.secrets).toBeUndefined();
      const { secrets: _left, ...rest } = original ?? {};
      const { secrets: _also, ...extra } = original?.['@eliza-sql/agent-fields'] ?? {};
      expect(imported).toEqual({ ...rest, '@eliza-sql/agent-fields': extra });
      expect((await worldSettingsOf(source))?.API_KEY?.value).toBe('world-secret');
      expect((await worldSettingsOf(target))?.API_KEY?.value).toBeNull();
      expect((await worldSettingsOf(target))?.GREETING?.value).toBe('hello');
    }, 60_000);

    it('an import under a new agent id lives next to the original, which is unchanged', async () => {
      const before = await agentDigests(source, agentId);
      const archive = await exportToBuffer(source, agentId, { includeSecrets: true });
      await expect(importAgent(source, Readable.from(archive))).rejects.toMatchObject({
        code: 'TARGET_HOLDS_OTHER_DATA',
      });
      const result = await importAgent(source, Readable.from(archive), { asAgent: NEW_AGENT });
      expect(result.agent.id).toBe(NEW_AGENT);
      expect(await agentDigests(source, agentId)).toEqual(before);
      const count = async (sql: string) => Number((await source.query<{ n: number }>(sql))[0]?.n);
      for (const table of [
        'memories',
        'entities',
        'rooms',
        'worlds',
        'components',
        'participants',
        'relationships',
        'tasks',
        'cache',
      ]) {
        expect(
          await count(`SELECT count(*)::int AS n FROM ${table} WHERE agent_id = '${NEW_AGENT}'`),
          table,
        ).toBe(await count(`SELECT count(*)::int AS n FROM ${table} WHERE agent_id = '${agentId}'`));
      }
      // the copy's memories have embeddings and reference the copy's own room and entities, no id shared
      expect(
        await count(
          `SELECT count(*)::int AS n FROM memories m JOIN embeddings e ON e.memory_id = m.id WHERE m.agent_id = '${NEW_AGENT}'`,
        ),
      ).toBe(before.embeddings?.length);
      expect(
        await count(
          `SELECT count(*)::int AS n FROM memories m JOIN rooms r ON r.id = m.room_id JOIN entities e ON e.id = m.entity_id
           WHERE m.agent_id = '${NEW_AGENT}' AND r.agent_id = '${NEW_AGENT}' AND e.agent_id = '${NEW_AGENT}'`,
        ),
      ).toBe(await count(`SELECT count(*)::int AS n FROM memories WHERE agent_id = '${NEW_AGENT}'`));
      expect(await count(`SELECT count(*)::int AS n FROM agents WHERE id = '${NEW_AGENT}'`)).toBe(1);
      expect(
        await count(`SELECT count(*)::int AS n FROM message_server_agents WHERE agent_id = '${NEW_AGENT}'`),
      ).toBe(1);
    }, 120_000);

    it('refuses a truncated archive, a foreign file and an unknown agent, writing nothing', async () => {
      const target = await openFresh();
      const archive = gunzipSync(await exportToBuffer(source, agentId)).toString('utf8');
      const truncated = gzipSync(archive.split('\n').slice(0, -3).join('\n'));
      await expect(importAgent(target, Readable.from(truncated))).rejects.toMatchObject({
        code: 'INVALID_ARCHIVE',
      });
      expect(await target.query('SELECT id FROM agents')).toEqual([]);
      expect(await target.query('SELECT id FROM memories')).toEqual([]);
      await expect(importAgent(target, Readable.from(Buffer.from('not gzip')))).rejects.toMatchObject({
        code: 'INVALID_ARCHIVE',
      });
      await expect(
        importAgent(target, Readable.from(gzipSync('{"format":"something-else","version":1}\n'))),
      ).rejects.toMatchObject({
        code: 'INVALID_ARCHIVE',
        message: expect.stringContaining('something-else'),
      });
      await expect(exportToBuffer(source, 'Nobody')).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
      await expect(
        importAgent(target, Readable.from(gzipSync('x')), { asAgent: 'nope' }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }, 60_000);
  });
}
