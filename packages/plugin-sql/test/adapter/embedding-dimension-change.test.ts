/**
 * A new embedding model of another dimension (EMBEDDING_DIMENSION_CHANGE): `error` refuses with a way
 * out, `switch` keeps the old vectors and searches the active dimension, `reembed` is `switch` with a
 * warning. Each adapter below stands for one start of the same agent on the same database.
 */
import type { Memory, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddingDimensionChange, type SqlLogger, SqlDatabaseAdapter } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

/** A logger that keeps the warnings. */
function recordingLogger(): SqlLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
}

for (const backend of testBackends) {
  describe(`embedding dimension change [${backend.name}]`, () => {
    let f: AdapterFixture;
    const memory = (text: string, embedding?: number[]): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      worldId: f.worldId,
      content: { text },
      embedding,
    });
    /** A new start of the fixture's agent with this EMBEDDING_DIMENSION_CHANGE (undefined: the default). */
    const start = (mode?: EmbeddingDimensionChange) => {
      const logger = recordingLogger();
      const adapter = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger,
        embeddingDimensionChange: mode,
      });
      return { adapter, logger };
    };
    const texts = async (adapter: SqlDatabaseAdapter, dimension: number, axis: number) =>
      (
        await adapter.searchMemories({
          tableName: 'facts',
          embedding: axisVector(dimension, axis),
          count: 20,
        })
      )
        .map((m) => m.content.text)
        .sort();
    const storedEmbeddingRows = async () =>
      (await f.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM embeddings'))[0]?.n;

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(384);
      for (const [i, text] of ['old a', 'old b', 'old c'].entries()) {
        await f.adapter.createMemory(memory(text, axisVector(384, 10 + i, 0.2)), 'facts');
      }
      await f.adapter.createMemory(memory('no vector'), 'facts');
    });
    afterAll(() => backend.cleanup());

    it('error (default): refuses with EMBEDDING_DIMENSION_CHANGE_REFUSED naming the agent, both dimensions, the count and the other settings', async () => {
      const { adapter } = start();
      const err = await adapter.ensureEmbeddingDimension(768).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EMBEDDING_DIMENSION_CHANGE_REFUSED' });
      const message = String((err as Error).message);
      expect(message).toContain(`Cannot change embedding dimension for agent ${f.agentId} from 384 to 768`);
      expect(message).toContain('3 memories hold 384-dimension vectors');
      expect(message).toContain('EMBEDDING_DIMENSION_CHANGE=switch');
      expect(message).toContain('EMBEDDING_DIMENSION_CHANGE=reembed');
      // Refused means unchanged: the agent still searches and writes at 384.
      expect(adapter.getEmbeddingDimension()).toBe(384);
      await adapter.ensureEmbeddingDimension(384);
      expect(await texts(adapter, 384, 10)).toEqual(['old a', 'old b', 'old c']);
      await expect(
        adapter.createMemory(memory('wrong size', axisVector(768, 1)), 'facts'),
      ).rejects.toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
    });

    it('switch: one warning with the counts; new vectors at the new dimension; old ones kept, not searched; a vector of the other length still refused', async () => {
      const { adapter, logger } = start('switch');
      await adapter.ensureEmbeddingDimension(768);
      await adapter.ensureEmbeddingDimension(768); // the runtime may ask again: still one warning
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain(`agent ${f.agentId} switched from 384 to 768`);
      expect(logger.warnings[0]).toContain('3 memories hold 384-dimension vectors');
      expect(adapter.getEmbeddingDimension()).toBe(768);

      for (const [i, text] of ['new a', 'new b'].entries()) {
        await adapter.createMemory(memory(text, axisVector(768, 20 + i, 0.2)), 'facts');
      }
      expect(await texts(adapter, 768, 20)).toEqual(['new a', 'new b']);
      const all = await adapter.getMemories({ roomId: f.roomId, tableName: 'facts', count: 50 });
      expect(all).toHaveLength(6);
      expect(
        all
          .filter((m) => m.embedding?.length === 768)
          .map((m) => m.content.text)
          .sort(),
      ).toEqual(['new a', 'new b']);
      await expect(
        adapter.searchMemories({ tableName: 'facts', embedding: axisVector(384, 10), count: 5 }),
      ).rejects.toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
      await expect(
        adapter.createMemory(memory('old size', axisVector(384, 1)), 'facts'),
      ).rejects.toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
      expect(await storedEmbeddingRows()).toBe(5);
    });

    it('error after a switch: the newest vectors decide, so the new model starts and the old one is refused', async () => {
      const { adapter } = start();
      await adapter.ensureEmbeddingDimension(768);
      const err = await start()
        .adapter.ensureEmbeddingDimension(384)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EMBEDDING_DIMENSION_CHANGE_REFUSED' });
      expect(String(err)).toContain('from 768 to 384: 2 memories hold 768-dimension vectors');
      expect(String(err)).toContain('3 hold 384-dimension vectors already');
    });

    it('switch back: the old vectors are searchable again, the newer ones kept; nothing was deleted', async () => {
      const { adapter, logger } = start('switch');
      await adapter.ensureEmbeddingDimension(384);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain('switched from 768 to 384');
      expect(logger.warnings[0]).toContain('2 memories hold 768-dimension vectors');
      expect(await texts(adapter, 384, 10)).toEqual(['old a', 'old b', 'old c']);
      await adapter.createMemory(memory('old d', axisVector(384, 13, 0.2)), 'facts');
      expect(await texts(adapter, 384, 10)).toEqual(['old a', 'old b', 'old c', 'old d']);
      // Within one adapter too: switching to 768 again finds the 768 ones.
      await adapter.ensureEmbeddingDimension(768);
      expect(logger.warnings).toHaveLength(2);
      expect(logger.warnings[1]).toContain('switched from 384 to 768');
      expect(logger.warnings[1]).toContain('4 memories hold 384-dimension vectors');
      expect(await texts(adapter, 768, 20)).toEqual(['new a', 'new b']);
      expect(await storedEmbeddingRows()).toBe(6);
      expect((await adapter.getMemories({ roomId: f.roomId, tableName: 'facts', count: 50 })).length).toBe(7);
    });

    it('reembed: switches as switch does, and says that the re-embedding service re-embeds the old memories', async () => {
      const { adapter, logger } = start('reembed');
      await adapter.ensureEmbeddingDimension(384); // the newest vector ('old d') is 384: no switch
      expect(logger.warnings).toEqual([]);
      await adapter.ensureEmbeddingDimension(1536);
      expect(logger.warnings).toHaveLength(2);
      expect(logger.warnings[0]).toContain('switched from 384 to 1536');
      expect(logger.warnings[0]).toContain('EMBEDDING_DIMENSION_CHANGE=reembed');
      expect(logger.warnings[1]).toContain(
        'the re-embedding service re-embeds the 4 memories with 384-dimension vectors',
      );
      const id = await adapter.createMemory(memory('huge', axisVector(1536, 5)), 'facts');
      expect(
        (await adapter.searchMemories({ tableName: 'facts', embedding: axisVector(1536, 5) }))[0]?.id,
      ).toBe(id as UUID);
      expect(await storedEmbeddingRows()).toBe(7);
    });

    it('changeEmbeddingDimension stays the explicit way to drop the other dimensions', async () => {
      const { adapter } = start();
      expect(await adapter.changeEmbeddingDimension(1536)).toBe(6);
      await adapter.ensureEmbeddingDimension(1536);
      expect(await storedEmbeddingRows()).toBe(1);
      await expect(start().adapter.ensureEmbeddingDimension(384)).rejects.toMatchObject({
        code: 'EMBEDDING_DIMENSION_CHANGE_REFUSED',
      });
    });
  });
}
