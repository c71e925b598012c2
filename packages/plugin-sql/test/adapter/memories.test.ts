import { uuid } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ElizaSqlErrorCode,
  isElizaSqlError,
  SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { searchMemories } from '../../src/stores/memory-search.js';
import { indexedVectorBackends, testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384;

for (const backend of testBackends) {
  describe(`memories [${backend.name}]`, () => {
    let f: AdapterFixture;
    const message = (text: string, extra: Partial<Memory> = {}): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      worldId: f.worldId,
      content: { text },
      ...extra,
    });

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(D);
    });
    afterAll(() => backend.cleanup());

    it('createMemory stores content, metadata and embedding that read back exactly', async () => {
      const content = {
        text: 'héllo 🌍',
        nested: { a: [1, 2.5, 0, null, true, 12345678901234], s: 'back\\slash "q"' },
        n: 1e-7,
      };
      const metadata = { type: 'message', source: 'test', tags: ['x'], deep: { k: 'v' } };
      const embedding = axisVector(D, 3);
      const id = await f.adapter.createMemory(
        message('x', { content, metadata, embedding, createdAt: 1_700_000_000_123 }),
        'messages',
      );
      const got = await f.adapter.getMemoryById(id);
      expect(got?.content).toEqual(content);
      expect(got?.metadata).toEqual(metadata);
      expect(got?.createdAt).toBe(1_700_000_000_123);
      expect(got?.worldId).toBe(f.worldId);
      expect(got?.embedding).toHaveLength(D);
      expect(got?.embedding?.[3]).toBeCloseTo(1, 5);
      expect(got?.unique).toBe(true);
    });

    it('getMemories filters by table/room/world/agent, pages newest first, and counts', async () => {
      const roomIds = await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ]);
      const room = roomIds[0] as UUID;
      for (let i = 0; i < 5; i++) {
        await f.adapter.createMemory(
          message(`m${i}`, { roomId: room, createdAt: 1_000 + i, unique: i % 2 === 0 }),
          'paging',
        );
      }
      const page1 = await f.adapter.getMemories({ tableName: 'paging', roomId: room, count: 2 });
      const page2 = await f.adapter.getMemories({ tableName: 'paging', roomId: room, count: 2, offset: 2 });
      expect(page1.map((m) => m.content.text)).toEqual(['m4', 'm3']);
      expect(page2.map((m) => m.content.text)).toEqual(['m2', 'm1']);
      expect(await f.adapter.getMemories({ tableName: 'paging', roomId: room, unique: true })).toHaveLength(
        3,
      );
      expect(
        await f.adapter.getMemories({ tableName: 'paging', roomId: room, start: 1_002, end: 1_003 }),
      ).toHaveLength(2);
      expect(await f.adapter.countMemories(room, true, 'paging')).toBe(3);
      expect(await f.adapter.countMemories(room, false, 'paging')).toBe(5);
      expect(await f.adapter.getMemories({ tableName: 'paging', agentId: uuid() })).toEqual([]);
      const byRooms = await f.adapter.getMemoriesByRoomIds({
        tableName: 'paging',
        roomIds: [room],
        limit: 3,
      });
      expect(byRooms.map((m) => m.content.text)).toEqual(['m4', 'm3', 'm2']);
      const manyRooms = [...Array.from({ length: 70_000 }, uuid), room]; // more ids than bind parameters
      expect(await f.adapter.getMemoriesByRoomIds({ tableName: 'paging', roomIds: manyRooms })).toHaveLength(
        5,
      );
      const byWorld = await f.adapter.getMemoriesByWorldId({ worldId: f.worldId, tableName: 'paging' });
      expect(byWorld).toHaveLength(5);
      const ids = page1.map((m) => m.id as UUID);
      expect((await f.adapter.getMemoriesByIds(ids, 'paging')).map((m) => m.id)).toEqual(ids);
      expect(await f.adapter.getMemoriesByIds(ids, 'other')).toEqual([]);
      await expect(f.adapter.countMemories(room, true, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('searchMemories: nearest first by cosine, similarity returned, threshold as similarity, filters do not starve', async () => {
      const roomIds = await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ]);
      const [busy, quiet] = roomIds as [UUID, UUID];
      // 300 memories very close to the query in the busy room, 3 farther ones in the quiet room.
      const bulk = Array.from({ length: 300 }, (_, i) =>
        message(`busy ${i}`, { roomId: busy, embedding: axisVector(D, 10, 0.01 + i / 10_000), unique: true }),
      );
      await f.adapter.createMemories(bulk, 'facts');
      for (const [i, tilt] of [0.5, 1, 2].entries()) {
        await f.adapter.createMemory(
          message(`quiet ${i}`, { roomId: quiet, embedding: axisVector(D, 10, tilt) }),
          'facts',
        );
      }
      const query = axisVector(D, 10);
      const top = await f.adapter.searchMemories({ tableName: 'facts', embedding: query, count: 5 });
      expect(top).toHaveLength(5);
      expect(top[0]?.content.text).toBe('busy 0');
      for (let i = 1; i < top.length; i++)
        expect(top[i - 1]!.similarity!).toBeGreaterThanOrEqual(top[i]!.similarity!);
      const inQuiet = await f.adapter.searchMemories({
        tableName: 'facts',
        embedding: query,
        roomId: quiet,
        count: 3,
      });
      expect(inQuiet.map((m) => m.content.text)).toEqual(['quiet 0', 'quiet 1', 'quiet 2']);
      const sim0 = 1 / Math.hypot(1, 0.5);
      expect(inQuiet[0]?.similarity).toBeCloseTo(sim0, 4);
      const above = await f.adapter.searchMemories({
        tableName: 'facts',
        embedding: query,
        roomId: quiet,
        count: 10,
        match_threshold: 0.8,
      });
      expect(above.map((m) => m.content.text)).toEqual(['quiet 0']);
      expect(
        await f.adapter.searchMemories({ tableName: 'facts', embedding: query, entityId: uuid() }),
      ).toEqual([]);
    });

    // Index plans: only where the driver builds HNSW indexes.
    if (indexedVectorBackends.includes(backend)) {
      it('searchMemories is planned on the HNSW index (ORDER BY distance LIMIT k)', async () => {
        const rows = await f.driver.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN SELECT id FROM embeddings ORDER BY dim_384 <=> '[${axisVector(D, 1).join(',')}]'::vector(384) LIMIT 5`,
          );
        });
        expect(rows.map((r) => Object.values(r)[0]).join('\n')).toContain('idx_embeddings_dim_384_hnsw');
      });
    }

    it('createMemory with unique unset marks a near-duplicate (similarity ≥ 0.95) as not unique', async () => {
      const e = axisVector(D, 50);
      const first = await f.adapter.createMemory(message('dup a', { embedding: e }), 'dups');
      const second = await f.adapter.createMemory(
        message('dup b', { embedding: axisVector(D, 50, 0.01) }),
        'dups',
      );
      const third = await f.adapter.createMemory(message('other', { embedding: axisVector(D, 60) }), 'dups');
      const got = await f.adapter.getMemoriesByIds([first, second, third]);
      const unique = Object.fromEntries(got.map((m) => [m.content.text, m.unique]));
      expect(unique).toEqual({ 'dup a': true, 'dup b': false, other: true });
      await f.adapter.createMemory(message('forced', { embedding: e }), 'dups', true);
      expect(
        (await f.adapter.getMemories({ tableName: 'dups', unique: true })).map((m) => m.content.text),
      ).toContain('forced');
    });

    it('rejects embeddings of the wrong size or with NaN/Infinity, writing nothing', async () => {
      const id = uuid();
      const bad: Array<[ElizaSqlErrorCode, number[]]> = [
        ['EMBEDDING_DIMENSION_MISMATCH', axisVector(768, 1)],
        ['INVALID_EMBEDDING_VECTOR', [...axisVector(D, 1).slice(1), Number.NaN]],
        ['INVALID_EMBEDDING_VECTOR', [...axisVector(D, 1).slice(1), Infinity]],
      ];
      for (const [code, embedding] of bad) {
        const err = await f.adapter
          .createMemory(message('bad', { id, embedding }), 'bad')
          .catch((e: unknown) => e);
        expect(isElizaSqlError(err, code), String(err)).toBe(true);
      }
      expect(
        String(
          await f.adapter
            .createMemory(message('bad', { id, embedding: axisVector(768, 1) }), 'bad')
            .catch((e) => e),
        ),
      ).toMatch(/768.*384/);
      expect(await f.adapter.getMemoryById(id)).toBeNull();
      await expect(f.adapter.searchMemories({ tableName: 'bad', embedding: [1, 2] })).rejects.toMatchObject({
        code: 'EMBEDDING_DIMENSION_MISMATCH',
      });
    });

    it('NUL characters are rejected with UNSTORABLE_VALUE before any write, and a batch writes nothing', async () => {
      const ok = uuid();
      const err = await f.adapter
        .createMemories([message('fine', { id: ok }), message('bad\u0000text')], 'nul')
        .catch((e: unknown) => e);
      expect(isElizaSqlError(err, 'UNSTORABLE_VALUE')).toBe(true);
      expect(String(err)).toContain('content.text');
      expect(await f.adapter.getMemoryById(ok)).toBeNull();
      await expect(
        f.adapter.log({ body: { k: 'a\u0000' }, entityId: f.userId, roomId: f.roomId, type: 't' }),
      ).rejects.toMatchObject({ code: 'UNSTORABLE_VALUE' });
      await expect(f.adapter.setCache('nul', { v: '\u0000' })).rejects.toMatchObject({
        code: 'UNSTORABLE_VALUE',
      });
      await expect(
        f.adapter.createEntities([{ id: uuid(), names: ['a\u0000'], agentId: f.agentId, metadata: {} }]),
      ).rejects.toMatchObject({ code: 'UNSTORABLE_VALUE' });
      await expect(
        f.adapter.createWorld({ id: uuid(), name: 'w\u0000', agentId: f.agentId, messageServerId: uuid() }),
      ).rejects.toMatchObject({ code: 'UNSTORABLE_VALUE' });
    });

    it('updateMemory changes content/metadata/embedding atomically; false for a missing id', async () => {
      const id = await f.adapter.createMemory(
        message('before', { metadata: { type: 'custom', v: 1 } }),
        'upd',
      );
      expect(
        await f.adapter.updateMemory({ id, content: { text: 'after' }, embedding: axisVector(D, 70) }),
      ).toBe(true);
      let got = await f.adapter.getMemoryById(id);
      expect(got?.content).toEqual({ text: 'after' });
      expect(got?.metadata).toEqual({ type: 'custom', v: 1 });
      expect(got?.embedding?.[70]).toBeCloseTo(1, 5);
      expect(await f.adapter.updateMemory({ id, metadata: { type: 'custom', v: 2 } })).toBe(true);
      got = await f.adapter.getMemoryById(id);
      expect(got?.metadata).toEqual({ type: 'custom', v: 2 });
      expect(await f.adapter.updateMemory({ id: uuid(), content: { text: 'x' } })).toBe(false);
      await expect(f.adapter.updateMemory({ id, embedding: [1] })).rejects.toMatchObject({
        code: 'EMBEDDING_DIMENSION_MISMATCH',
      });
      expect((await f.adapter.getMemoryById(id))?.embedding?.[70]).toBeCloseTo(1, 5);
    });

    it('deleteMemory / deleteManyMemories / deleteAllMemories remove memories, fragments and embeddings', async () => {
      const doc = await f.adapter.createMemory(
        message('doc', { metadata: { type: 'document', timestamp: 1 } }),
        'documents',
      );
      const frag = await f.adapter.createMemory(
        message('frag', {
          embedding: axisVector(D, 80),
          metadata: { type: 'fragment', documentId: doc, position: 0 },
        }),
        'knowledge',
      );
      await f.adapter.deleteMemory(doc);
      expect(await f.adapter.getMemoriesByIds([doc, frag])).toEqual([]);
      const embeddings = await f.driver.query(`SELECT 1 FROM embeddings WHERE memory_id = '${frag}'`);
      expect(embeddings).toEqual([]);

      const ids = await f.adapter.createMemories(
        Array.from({ length: 7 }, (_, i) => message(`many ${i}`, { embedding: axisVector(D, 90 + i) })),
        'many',
      );
      await f.adapter.deleteManyMemories(ids.slice(0, 5));
      expect((await f.adapter.getMemoriesByIds(ids)).map((m) => m.content.text).sort()).toEqual([
        'many 5',
        'many 6',
      ]);
      await f.adapter.deleteManyMemories([]);
      await f.adapter.deleteAllMemories(f.roomId, 'many');
      expect(await f.adapter.countMemories(f.roomId, false, 'many')).toBe(0);
    });

    it('createMemories inserts more rows than fit in one statement (bind-parameter chunking)', async () => {
      const n = 6_500; // 6,500 × 11 parameters > 65,535 in one statement
      const list = Array.from({ length: n }, (_, i) => message(`bulk ${i}`, { unique: true }));
      const ids = await f.adapter.createMemories(list, 'bulk');
      expect(ids).toHaveLength(n);
      expect(await f.adapter.countMemories(f.roomId, false, 'bulk')).toBe(n);
      expect(await f.adapter.getMemoriesByIds(ids)).toHaveLength(n);
      await f.adapter.deleteManyMemories(ids);
      expect(await f.adapter.countMemories(f.roomId, false, 'bulk')).toBe(0);
    });

    it('getCachedEmbeddings finds embeddings of memories with a close text field (levenshtein)', async () => {
      await f.adapter.createMemory(
        message('the quick brown fox', { embedding: axisVector(D, 100) }),
        'cached',
      );
      const found = await f.adapter.getCachedEmbeddings({
        query_table_name: 'cached',
        query_threshold: 2,
        query_input: 'the quick brown fix',
        query_field_name: 'content',
        query_field_sub_name: 'text',
        query_match_count: 5,
      });
      expect(found).toHaveLength(1);
      expect(found[0]?.levenshtein_score).toBe(1);
      expect(found[0]?.embedding[100]).toBeCloseTo(1, 5);
    });

    it('ensureEmbeddingDimension refuses to change the dimension of an agent with embeddings; changeEmbeddingDimension re-embeds', async () => {
      await expect(f.adapter.ensureEmbeddingDimension(768)).rejects.toThrow(
        /Cannot change embedding dimension for agent/,
      );
      await expect(f.adapter.ensureEmbeddingDimension(768)).rejects.toMatchObject({
        code: 'EMBEDDING_DIMENSION_CHANGE_REFUSED',
      });
      await expect(f.adapter.ensureEmbeddingDimension(123)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await f.adapter.ensureEmbeddingDimension(D);
      // A second agent on the same database is independent.
      const other = new SqlDatabaseAdapter(uuid(), {
        driver: f.driver,
        ownsDriver: false,
        logger: silentSqlLogger,
      });
      await other.ensureEmbeddingDimension(1536);
      expect(other.getEmbeddingDimension()).toBe(1536);
      const deleted = await f.adapter.changeEmbeddingDimension(3072);
      expect(deleted).toBeGreaterThan(300);
      expect(f.adapter.getEmbeddingDimension()).toBe(3072);
      const id = await f.adapter.createMemory(message('big', { embedding: axisVector(3072, 7) }), 'big');
      const hits = await f.adapter.searchMemories({
        tableName: 'big',
        embedding: axisVector(3072, 7),
        count: 1,
      });
      expect(hits[0]?.id).toBe(id);
      expect(hits[0]?.similarity).toBeCloseTo(1, 2);
      // The near-duplicate rule at 3072 (halfvec index expression, halfvec query vectors).
      const copy = await f.adapter.createMemory(
        message('big copy', { embedding: axisVector(3072, 7, 0.01) }),
        'big',
      );
      const far = await f.adapter.createMemory(message('big far', { embedding: axisVector(3072, 9) }), 'big');
      const stored = await f.adapter.getMemoriesByIds([copy, far]);
      expect(Object.fromEntries(stored.map((m) => [m.content.text, m.unique]))).toEqual({
        'big copy': false,
        'big far': true,
      });
      await f.adapter.ensureEmbeddingDimension(3072);
    });
  });
}

for (const backend of indexedVectorBackends) {
  describe(`semantic search under a forced index plan [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('a selective filter never starves the result, even when the HNSW scan stops early', async () => {
      const f = await createAdapterFixture(backend);
      const [busy, quiet] = (await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ])) as [UUID, UUID];
      const memory = (text: string, roomId: UUID, tilt: number): Memory => ({
        entityId: f.userId,
        roomId,
        content: { text },
        embedding: axisVector(D, 5, tilt),
        unique: true,
      });
      await f.adapter.createMemories(
        Array.from({ length: 200 }, (_, i) => memory(`busy ${i}`, busy, 0.001 * i)),
        'facts',
      );
      await f.adapter.createMemories([memory('quiet a', quiet, 3), memory('quiet b', quiet, 4)], 'facts');
      const query = axisVector(D, 5);
      const found = await f.driver.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off'); // the index plan even on a small table
        await tx.query('SET LOCAL enable_sort = off');
        const plan = await tx.query(
          `EXPLAIN SELECT e.id FROM embeddings e JOIN memories m ON m.id = e.memory_id WHERE m.room_id = '${quiet}' ORDER BY e.dim_384 <=> '[${query.join(',')}]'::vector(384) LIMIT 2`,
        );
        expect(plan.map((r) => Object.values(r)[0]).join('\n')).toContain('hnsw');
        const scope = {
          agentId: f.agentId,
          dimension: 384 as const,
          iterativeScan: false,
          approximateVectorIndex: true,
        }; // ef_search 40 < 200 closer rows
        return searchMemories(tx, scope, { tableName: 'facts', embedding: query, roomId: quiet, count: 2 });
      });
      expect(found.map((m) => m.content.text)).toEqual(['quiet a', 'quiet b']);
    });
  });
}
