import { uuid } from '@eliza-sql/test-support';
import type { Memory, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMemory } from '../../src/stores/memory-row.js';
import { resolveNearDuplicates } from '../../src/stores/near-duplicate.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384;

/** The scope of an adapter whose backend builds HNSW indexes and has iterative scans. */
const indexedScope = (agentId: UUID) =>
  ({ agentId, dimension: D, iterativeScan: true, approximateVectorIndex: true }) as const;

/** A unit vector in the plane of axes `axis`, `axis + 1` at angle acos(similarity) from the axis. */
function atSimilarity(axis: number, similarity: number, side: 1 | -1 = 1): number[] {
  const v = new Array<number>(D).fill(0);
  v[axis] = similarity;
  v[axis + 1] = side * Math.sqrt(1 - similarity * similarity);
  return v;
}

for (const backend of testBackends) {
  describe(`near-duplicate rule of createMemory/createMemories [${backend.name}]`, () => {
    let f: AdapterFixture;
    let otherRoom: UUID;
    const message = (text: string, extra: Partial<Memory> = {}): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      worldId: f.worldId,
      content: { text },
      ...extra,
    });
    const uniqueByText = async (ids: UUID[]) =>
      Object.fromEntries((await f.adapter.getMemoriesByIds(ids)).map((m) => [m.content.text, m.unique]));

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(D);
      const [room] = await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ]);
      otherRoom = room as UUID;
    });
    afterAll(() => backend.cleanup());

    it('createMemory: similarity 0.951 is a near-duplicate, 0.949 is not; other rooms and entities do not count', async () => {
      await f.adapter.createMemory(message('base', { embedding: atSimilarity(20, 1) }), 'single');
      const ids = [
        await f.adapter.createMemory(message('close', { embedding: atSimilarity(20, 0.951) }), 'single'),
        await f.adapter.createMemory(message('far', { embedding: atSimilarity(20, 0.949, -1) }), 'single'),
        await f.adapter.createMemory(
          message('other room', { roomId: otherRoom, embedding: atSimilarity(20, 0.99) }),
          'single',
        ),
        await f.adapter.createMemory(
          message('other entity', { entityId: f.agentId, embedding: atSimilarity(20, 0.99) }),
          'single',
        ),
        await f.adapter.createMemory(
          message('other table', { embedding: atSimilarity(20, 0.99) }),
          'single2',
        ),
        await f.adapter.createMemory(
          message('given', { embedding: atSimilarity(20, 0.99), unique: true }),
          'single',
        ),
        await f.adapter.createMemory(message('no embedding'), 'single'),
      ];
      expect(await uniqueByText(ids)).toEqual({
        close: false,
        far: true,
        'other room': true,
        'other entity': true,
        'other table': true,
        given: true,
        'no embedding': true,
      });
    });

    it('createMemories: each memory is checked against stored memories, not against others of its batch', async () => {
      await f.adapter.createMemory(message('stored', { embedding: atSimilarity(40, 1) }), 'batch');
      const ids = await f.adapter.createMemories(
        [
          message('dup of stored', { embedding: atSimilarity(40, 0.96) }),
          message('far from stored', { embedding: atSimilarity(40, 0.9) }),
          message('new a', { embedding: atSimilarity(60, 1) }),
          message('new b (dup of new a)', { embedding: atSimilarity(60, 0.999) }),
          message('other room', { roomId: otherRoom, embedding: atSimilarity(40, 0.99) }),
          message('given', { embedding: atSimilarity(40, 0.99), unique: true }),
          message('given false', { embedding: atSimilarity(80, 1), unique: false }),
          message('no embedding'),
        ],
        'batch',
      );
      expect(await uniqueByText(ids)).toEqual({
        'dup of stored': false,
        'far from stored': true,
        'new a': true,
        'new b (dup of new a)': true,
        'other room': true,
        given: true,
        'given false': false,
        'no embedding': true,
      });
      // A later memory is checked against the whole stored batch.
      const later = await f.adapter.createMemories(
        [message('later', { embedding: atSimilarity(60, 0.98) })],
        'batch',
      );
      expect(await uniqueByText(later)).toEqual({ later: false });
    });

    it('a near-duplicate is found even when many nearer memories are filtered out (other room)', async () => {
      const crowd = Array.from({ length: 300 }, (_, i) =>
        message(`crowd ${i}`, {
          roomId: otherRoom,
          embedding: axisVector(D, 100, i / 100_000),
          unique: true,
        }),
      );
      await f.adapter.createMemories(crowd, 'crowded');
      await f.adapter.createMemory(message('target', { embedding: atSimilarity(100, 0.97) }), 'crowded');
      const single = await f.adapter.createMemory(
        message('single', { embedding: atSimilarity(100, 1) }),
        'crowded',
      );
      const [bulk] = await f.adapter.createMemories(
        [message('bulk', { embedding: atSimilarity(100, 1) })],
        'crowded',
      );
      expect(await uniqueByText([single, bulk as UUID])).toEqual({ single: false, bulk: false });
    });

    it('a batch: JIT off and the scan settings local to the insert transaction; unique set on the rows', async () => {
      const scope = indexedScope(f.agentId);
      await f.adapter.createMemory(message('settings base', { embedding: atSimilarity(120, 1) }), 'settings');
      const rows = [atSimilarity(120, 0.99), atSimilarity(140, 1)].map((embedding, i) =>
        prepareMemory(message(`p${i}`, { embedding }), 'settings', f.agentId, D, uuid()),
      );
      const settings = await f.driver.transaction(async (tx) => {
        // scope scan limit 0: the index path (stage 2 is what sets the scan settings)
        await resolveNearDuplicates(tx, scope, 'settings', rows, undefined, 0);
        return tx.query<{ ef: string; scan: string; jit: string }>(
          `SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS scan, current_setting('jit') AS jit`,
        );
      });
      // p1 (a new topic) has no candidate of its own room: the second stage's iterative scan decided it.
      expect(settings).toEqual([{ ef: '100', scan: 'relaxed_order', jit: 'off' }]);
      expect(rows.map((p) => p.values.unique)).toEqual([false, true]);
    });

    it('every candidate a near copy from another room: the second stage finds the match beyond them', async () => {
      const scope = indexedScope(f.agentId);
      // 'crowded' holds 300 near copies in the other room (previous test) and 'target' (0.97) here.
      const rows = [atSimilarity(100, 0.999), atSimilarity(160, 1)].map((embedding, i) =>
        prepareMemory(message(`s${i}`, { embedding }), 'crowded', f.agentId, D, uuid()),
      );
      // scope scan limit 0: the index path, whose stage 2 this is about
      await f.driver.transaction((tx) => resolveNearDuplicates(tx, scope, 'crowded', rows, undefined, 0));
      expect(rows.map((p) => p.values.unique)).toEqual([false, true]);
      // A single memory, outside any transaction (createMemory's path): stage 2 opens its own.
      const alone = prepareMemory(
        message('alone', { embedding: atSimilarity(100, 0.999) }),
        'crowded',
        f.agentId,
        D,
        uuid(),
      );
      await resolveNearDuplicates(f.driver, scope, 'crowded', [alone], undefined, 0);
      expect(alone.values.unique).toBe(false);
    });
  });
}
