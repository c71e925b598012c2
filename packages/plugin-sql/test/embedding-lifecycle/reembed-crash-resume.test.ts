/**
 * The done-means scenario of re-embedding: 2,000 memories stored with a 384-d model, the agent switched
 * to a 768-d model, `eliza-sql reembed` killed with SIGKILL halfway and run again. Every memory ends
 * with exactly one 768-d vector equal to the model's output; no memory whose vector was written is
 * embedded again (only the batches in flight at the kill are); searches during the run see only
 * 768-d vectors of the new model.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedText, spawnSourceScript, uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';

const MEMORIES = 2_000;
const BATCH = 50;
const CONCURRENCY = 2;
const textOf = (i: number) => `memory ${i}: topic ${i % 37} detail ${(i * 7919) % 1009}`;
const RUN_CLI = new URL('./fixtures/run-cli.ts', import.meta.url);
const EMBED = new URL('./fixtures/counting-embed.ts', import.meta.url).pathname;

for (const backend of testConfigBackends) {
  describe(`reembed killed halfway and resumed, 384 -> 768, ${MEMORIES} memories [${backend.name}]`, () => {
    const work = mkdtempSync(join(tmpdir(), 'reembed-crash-'));
    afterAll(async () => {
      rmSync(work, { recursive: true, force: true });
      await backend.cleanup();
    });

    it('ends with exactly the model vector per memory, none embedded twice after being written', async () => {
      const config = await backend.open();
      const location = 'dataDir' in config ? config.dataDir : config.postgresUrl;
      const agentId = uuid();
      const open = async (dimension: number) => {
        const adapter = new SqlDatabaseAdapter(agentId, {
          driver: await openDatabaseLocation(location),
          logger: silentSqlLogger,
          embeddingDimensionChange: 'reembed',
        });
        await adapter.init();
        await adapter.ensureEmbeddingDimension(dimension);
        return adapter;
      };
      // First life of the agent: 384-d memories.
      const seed = new SqlDatabaseAdapter(agentId, {
        driver: await openDatabaseLocation(location),
        logger: silentSqlLogger,
      });
      await seed.init();
      await seed.createAgent({ id: agentId, name: 'Re-embedder', bio: ['remembers'] });
      await seed.ensureEmbeddingDimension(384);
      await seed.createEntities([{ id: agentId, names: ['Re-embedder'], agentId, metadata: {} }]);
      const worldId = await seed.createWorld({ id: uuid(), name: 'W', agentId, messageServerId: uuid() });
      const [roomId] = await seed.createRooms([
        { id: uuid(), name: 'R', agentId, source: 'test', type: ChannelType.GROUP, worldId },
      ]);
      const memories: Memory[] = Array.from({ length: MEMORIES }, (_, i) => ({
        entityId: agentId,
        agentId,
        roomId: roomId as UUID,
        content: { text: textOf(i) },
        embedding: embedText(textOf(i), 384),
      }));
      await seed.createMemories(memories, 'facts');
      await seed.close();
      // Second start with the 768-d model under reembed: records the new space.
      await (await open(768)).close();

      const log = join(work, `${backend.name}-embedded.txt`);
      const args = ['reembed', '--db', location, '--agent', agentId, '--embed', EMBED];
      const batchArgs = ['--batch-size', String(BATCH), '--concurrency', String(CONCURRENCY)];
      const first = spawnSourceScript(RUN_CLI, [...args, ...batchArgs], {
        EMBED_LOG: log,
        EMBED_DELAY_MS: '40',
      });
      const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);

      // PostgreSQL takes a second connection: search while the child re-embeds.
      const searches: Memory[][] = [];
      const watcher = backend.name === 'postgres' ? await open(768) : undefined;
      const deadline = Date.now() + 120_000;
      while (lines().length < MEMORIES / 2 && Date.now() < deadline) {
        if (watcher) {
          searches.push(
            await watcher.searchMemories({
              tableName: 'facts',
              embedding: embedText(textOf(searches.length * 13), 768),
              count: 10,
            }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      first.process.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      await watcher?.close();
      const embeddedByFirst = lines();
      expect(embeddedByFirst.length).toBeGreaterThanOrEqual(MEMORIES / 2);
      expect(embeddedByFirst.length).toBeLessThan(MEMORIES);

      // What the first run wrote before it died.
      const check = await open(768);
      const written = new Set(
        (
          await check.calls.read((ex) =>
            ex.query<{ text: string }>(
              `SELECT m.content->>'text' AS text FROM memories m JOIN embeddings e ON e.memory_id = m.id
               WHERE m.agent_id = '${agentId}' AND e.dim_768 IS NOT NULL`,
            ),
          )
        ).map((r) => r.text),
      );
      await check.close();

      const second = spawnSourceScript(RUN_CLI, [...args, ...batchArgs], { EMBED_LOG: log });
      const exit = await second.exited;
      expect(second.stderr()).toContain('reembed:');
      expect(exit.code).toBe(0);
      const report = JSON.parse(second.lines().at(-1) ?? '{}') as Record<string, unknown>;
      expect(report).toMatchObject({
        total: MEMORIES - written.size,
        failed: 0,
        withoutText: 0,
        aborted: false,
      });

      // Model calls: every memory at least once; none written by the first run embedded again; only
      // the batches in flight at the kill embedded twice.
      const all = lines();
      const embeddedBySecond = all.slice(embeddedByFirst.length);
      expect(new Set(all).size).toBe(MEMORIES);
      expect(embeddedBySecond.filter((t) => written.has(t))).toEqual([]);
      expect(all.length - MEMORIES).toBeLessThanOrEqual(BATCH * CONCURRENCY);

      // Every memory: exactly one 768-d vector, the model's output.
      const final = await open(768);
      const rows = await final.calls.read((ex) =>
        ex.query<{ text: string; v: string; n: number }>(
          `SELECT m.content->>'text' AS text, max(e.dim_768::text) AS v, count(e.dim_768)::int AS n
            FROM memories m LEFT JOIN embeddings e ON e.memory_id = m.id
            WHERE m.agent_id = '${agentId}' GROUP BY m.id, m.content->>'text'`,
        ),
      );
      expect(rows).toHaveLength(MEMORIES);
      for (const row of rows) {
        expect(row.n).toBe(1);
        expect((JSON.parse(row.v) as number[]).map(Math.fround)).toEqual(
          embedText(row.text, 768).map(Math.fround),
        );
      }
      const hits = await final.searchMemories({
        tableName: 'facts',
        embedding: embedText(textOf(1234), 768),
        count: 1,
      });
      expect(hits[0]?.content.text).toBe(textOf(1234));
      await final.close();

      // Searches during the run: only 768-d vectors of the new model.
      for (const found of searches) {
        for (const hit of found) {
          expect(hit.embedding?.map(Math.fround)).toEqual(
            embedText(String(hit.content.text), 768).map(Math.fround),
          );
        }
      }
      if (backend.name === 'postgres') expect(searches.some((found) => found.length > 0)).toBe(true);
    }, 300_000);
  });
}
