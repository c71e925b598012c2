/**
 * Embedding spaces: each start of the agent (a new adapter on the same database) with a model probe.
 * A restart with the same model is no change; a new model of the same dimension is seen by its
 * fingerprint; searches see only the active space; re-embedding brings old memories back and
 * reclaiming drops the rest.
 */
import { embedText } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddingDimensionChange,
  isElizaSqlError,
  reclaimEmbeddings,
  reembedMemories,
  SqlDatabaseAdapter,
  type SqlLogger,
} from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

function recordingLogger(): SqlLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
}

/** Two deterministic "models" of one dimension: B is A with its values reversed (an unrelated direction). */
const modelA = (text: string, d: number) => embedText(text, d);
const modelB = (text: string, d: number) => embedText(text, d).reverse();

const TOPICS = ['apple orchard harvest', 'rocket launch orbit', 'violin concerto', 'glacier ice melt'];

for (const backend of testBackends) {
  describe(`embedding spaces [${backend.name}]`, () => {
    let f: AdapterFixture;
    afterAll(() => backend.cleanup());

    /** One start of the agent with `model` at `dimension` (probe included, as the plugin does). */
    async function start(
      model: (text: string, d: number) => number[],
      dimension: number,
      mode?: EmbeddingDimensionChange,
    ) {
      const logger = recordingLogger();
      let probes = 0;
      const adapter = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger,
        embeddingDimensionChange: mode,
      });
      adapter.embeddings.useModelProbe(async () => {
        probes++;
        return model('probe text', dimension);
      });
      await adapter.ensureEmbeddingDimension(dimension);
      return { adapter, logger, probes: () => probes };
    }
    const memory = (text: string, embedding?: number[]): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      content: { text },
      embedding,
    });
    const search = async (adapter: SqlDatabaseAdapter, embedding: number[]) =>
      (await adapter.searchMemories({ tableName: 'facts', embedding, count: 50 })).map((m) => m.content.text);
    const spaces = async () =>
      (
        await f.driver.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM embedding_spaces WHERE agent_id = '${f.agentId}'`,
        )
      )[0]?.n;

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      const { adapter } = await start(modelA, 384);
      for (const text of TOPICS) await adapter.createMemory(memory(text, modelA(text, 384)), 'facts');
    });

    it('a restart with the same model is no change: one probe, no warning, the same space, memories found', async () => {
      const { adapter, logger, probes } = await start(modelA, 384, 'error');
      expect(probes()).toBe(1);
      await adapter.ensureEmbeddingDimension(384); // the runtime may ask again: no second probe
      expect(probes()).toBe(1);
      expect(logger.warnings).toEqual([]);
      expect(await spaces()).toBe(1);
      expect((await search(adapter, modelA('apple harvest', 384)))[0]).toBe('apple orchard harvest');
    });

    it('a new model of the same dimension is refused under error, naming both spaces and the similarity', async () => {
      const err = await start(modelB, 384).catch((e: unknown) => e);
      expect(isElizaSqlError(err, 'EMBEDDING_MODEL_CHANGE_REFUSED')).toBe(true);
      const message = String(err);
      expect(message).toMatch(/cosine similarity of -?0\.\d{4} to that of 384-d space [0-9a-f]{8}/);
      expect(message).toContain('4 memories hold 384-dimension vectors');
      expect(message).toContain('EMBEDDING_DIMENSION_CHANGE=switch');
      expect(message).toContain('EMBEDDING_DIMENSION_CHANGE=reembed');
      expect(await spaces()).toBe(1);
    });

    it('switch: one warning; the new space is active and searches see only its vectors (the old ones kept)', async () => {
      const { adapter, logger } = await start(modelB, 384, 'switch');
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain('changed at the same dimension');
      expect(logger.warnings[0]).toContain('searches see only the new model');
      expect(await spaces()).toBe(2);
      // Old vectors of model A are not compared with model B's queries, even the identical vector.
      expect(await search(adapter, modelA('apple harvest', 384))).toEqual([]);
      // Neither the near-duplicate rule nor getCachedEmbeddings compares with or returns model A's vectors.
      const copyOfA = await adapter.createMemory(
        memory('violin copy', modelA('violin concerto', 384)),
        'facts',
      );
      expect((await adapter.getMemoryById(copyOfA))?.unique).toBe(true);
      await adapter.deleteMemory(copyOfA);
      const cached = await adapter.getCachedEmbeddings({
        query_table_name: 'facts',
        query_threshold: 2,
        query_input: 'violin concerto',
        query_field_name: 'content',
        query_field_sub_name: 'text',
        query_match_count: 10,
      });
      expect(cached).toEqual([]);
      await adapter.createMemory(memory('new comet sighting', modelB('new comet sighting', 384)), 'facts');
      expect(await search(adapter, modelB('comet', 384))).toEqual(['new comet sighting']);
      // A restart with model B is no change any more.
      const again = await start(modelB, 384, 'error');
      expect(again.logger.warnings).toEqual([]);
      expect(await search(again.adapter, modelB('comet', 384))).toEqual(['new comet sighting']);
    });

    it('switching back to model A activates its recorded space again: its memories are found, B ones are not', async () => {
      const { adapter, logger } = await start(modelA, 384, 'switch');
      expect(logger.warnings).toHaveLength(1);
      expect(await spaces()).toBe(2);
      expect((await search(adapter, modelA('violin', 384)))[0]).toBe('violin concerto');
      expect(await search(adapter, modelA('apple harvest', 384))).not.toContain('new comet sighting');
    });

    it('reembedMemories into model B: every memory gets exactly its B vector; searches meanwhile see only B vectors', async () => {
      const { adapter } = await start(modelB, 384, 'reembed');
      const embedded: string[] = [];
      const duringRun: Array<Promise<Memory[]>> = [];
      const report = await reembedMemories(adapter, {
        batchSize: 1,
        embed: async (texts) => {
          embedded.push(...texts);
          return texts.map((t) => modelB(t, 384));
        },
        onProgress: (p) => {
          duringRun.push(
            adapter.searchMemories({
              tableName: 'facts',
              embedding: modelB(TOPICS[p.done % 4] as string, 384),
              count: 50,
            }),
          );
        },
      });
      expect(report).toMatchObject({ total: 4, reembedded: 4, withoutText: 0, failed: 0, aborted: false });
      expect(embedded.sort()).toEqual([...TOPICS].sort());
      const hits = await adapter.searchMemories({
        tableName: 'facts',
        embedding: modelB('apple', 384),
        count: 50,
      });
      expect(hits).toHaveLength(5);
      for (const hit of hits) {
        const expected = modelB(String(hit.content.text), 384);
        expect(hit.embedding?.map((x) => Math.fround(x))).toEqual(expected.map((x) => Math.fround(x)));
      }
      // Searches between batches: only memories re-embedded so far (plus the one written in B), each with its B vector.
      expect(duringRun).toHaveLength(4);
      for (const pending of duringRun) {
        const found = await pending;
        expect(found.length).toBeGreaterThanOrEqual(1);
        for (const hit of found) {
          expect(hit.embedding?.map((x) => Math.fround(x))).toEqual(
            modelB(String(hit.content.text), 384).map((x) => Math.fround(x)),
          );
        }
      }
      // A second run finds nothing left.
      const again = await reembedMemories(adapter, { embed: async () => [] });
      expect(again).toMatchObject({ total: 0, done: 0 });
    });
  });
}

for (const backend of testBackends) {
  describe(`re-embedding across dimensions, failures and reclaim [${backend.name}]`, () => {
    let f: AdapterFixture;
    afterAll(() => backend.cleanup());
    const memory = (text: string | undefined, embedding: number[]): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      content: text === undefined ? {} : { text },
      embedding,
    });

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(384);
      const texts = Array.from({ length: 60 }, (_, i) => `memory number ${i} about topic ${i % 7}`);
      await f.adapter.createMemories(
        texts.map((text) => memory(text, embedText(text, 384))),
        'facts',
      );
      await f.adapter.createMemory(memory(undefined, embedText('', 384)), 'facts');
      await f.adapter.createMemory(memory('   ', embedText('blank', 384)), 'facts');
      await f.adapter.createMemory(memory('poison pill', embedText('poison pill', 384)), 'facts');
    });

    it('384 -> 768: counts memories without text, reports the one that keeps failing, re-embeds the rest; reclaim waits until complete', async () => {
      const adapter = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger: recordingLogger(),
        embeddingDimensionChange: 'reembed',
      });
      await adapter.ensureEmbeddingDimension(768);
      let calls = 0;
      let refusedWhileRunning: unknown;
      const progress: number[] = [];
      const report = await reembedMemories(adapter, {
        batchSize: 8,
        concurrency: 3,
        retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, jitterMs: 0 },
        embed: async (texts) => {
          calls++;
          if (texts.includes('poison pill')) throw new Error('model refused the text');
          return texts.map((t) => embedText(t, 768));
        },
        onProgress: (p) => {
          progress.push(p.done);
          if (refusedWhileRunning === undefined) {
            refusedWhileRunning = reclaimEmbeddings(adapter).catch((e: unknown) => e);
          }
        },
      });
      expect(report).toMatchObject({ total: 63, reembedded: 60, withoutText: 2, failed: 1, aborted: false });
      expect(report.failures[0]?.message).toBe('model refused the text');
      expect(Math.max(...progress)).toBe(63);
      expect(calls).toBeGreaterThan(0);
      expect(isElizaSqlError(await refusedWhileRunning, 'REEMBED_RUNNING')).toBe(true);

      // The failed memory and the ones without text still lack a 768 vector: reclaim refuses.
      const incomplete = await reclaimEmbeddings(adapter).catch((e: unknown) => e);
      expect(isElizaSqlError(incomplete, 'EMBEDDING_SPACE_INCOMPLETE')).toBe(true);
      expect(String(incomplete)).toContain('3 memories');

      // Every re-embedded memory holds exactly one 768 vector, the model's output.
      const rows = await f.driver.query<{ text: string; v: string; n: number }>(`
        SELECT m.content->>'text' AS text, e.dim_768::text AS v,
          (SELECT count(*)::int FROM embeddings x WHERE x.memory_id = m.id AND x.dim_768 IS NOT NULL) AS n
        FROM memories m JOIN embeddings e ON e.memory_id = m.id
        WHERE m.agent_id = '${f.agentId}' AND e.dim_768 IS NOT NULL`);
      expect(rows).toHaveLength(60);
      for (const row of rows) {
        expect(row.n).toBe(1);
        expect((JSON.parse(row.v) as number[]).map((x) => Math.fround(x))).toEqual(
          embedText(row.text, 768).map((x) => Math.fround(x)),
        );
      }

      // Deleting what cannot be embedded completes the space; reclaim then frees the 384 vectors.
      const stuck = await f.driver.query<{ id: UUID }>(`
        SELECT id FROM memories WHERE agent_id = '${f.agentId}'
          AND (content->>'text' IS NULL OR trim(content->>'text') = '' OR content->>'text' = 'poison pill')`);
      expect(stuck).toHaveLength(3);
      await adapter.deleteManyMemories(stuck.map((r) => r.id));
      const freed = await reclaimEmbeddings(adapter);
      expect(freed).toMatchObject({ rowsDeleted: 0, vectorsCleared: 60 });
      expect(freed.bytes).toBeGreaterThanOrEqual(60 * 384 * 4);
      const left = await f.driver.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM embeddings WHERE dim_384 IS NOT NULL`,
      );
      expect(left[0]?.n).toBe(0);
      const hits = await adapter.searchMemories({
        tableName: 'facts',
        embedding: embedText('memory number 5 about topic 5', 768),
        count: 1,
      });
      expect(hits[0]?.content.text).toBe('memory number 5 about topic 5');
    });
  });
}
