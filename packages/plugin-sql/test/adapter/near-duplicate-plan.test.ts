import { uuid } from '@eliza-sql/test-support';
import type { Row } from '@eliza-sql/core-schema/driver';
import type { Memory, UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMemory } from '../../src/stores/memory-row.js';
import { createMemory } from '../../src/stores/memory-store.js';
import {
  NEAR_DUPLICATE_CANDIDATES,
  NEAR_DUPLICATE_SCOPE_SCAN_LIMIT,
  nearDuplicateCandidateStatement,
} from '../../src/stores/near-duplicate.js';
import { indexedVectorBackends, testBackends } from '../support/backends.js';
import { countingExecutor } from '../support/counting-executor.js';
import { type AdapterFixture, createAdapterFixture, seededRandom } from '../support/fixtures.js';

const D = 384;

/** The scope of an adapter whose backend builds HNSW indexes and has iterative scans. */
const indexedScope = (agentId: UUID) =>
  ({ agentId, dimension: D, iterativeScan: true, approximateVectorIndex: true }) as const;
/** Enough rows that the planner prefers the HNSW index to sorting the table (at 2,000 PostgreSQL sorts). */
const STORED = 3_000;

/** Deterministic pseudo-random unit vectors. */
function randomVectors(seed: number) {
  const next = seededRandom(seed);
  return () => {
    const v = Array.from({ length: D }, () => next() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
}

const planText = (rows: Row[]) => rows.map((row) => String(Object.values(row)[0])).join('\n');

for (const backend of testBackends) {
  describe(`near-duplicate check: exact in a small room, the HNSW index in a large one [${backend.name}]`, () => {
    let f: AdapterFixture;
    const vector = randomVectors(7);
    const message = (text: string, extra: Partial<Memory> = {}): Memory => ({
      entityId: f.userId,
      agentId: f.agentId,
      roomId: f.roomId,
      content: { text },
      ...extra,
    });

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(D);
      // One room, one entity, one table: the filters of the check select every stored memory, the
      // case where a filtered nearest-neighbour search is answered by reading the room instead.
      // In calls of 500: one call of 3,000 can outlast the policy's timeout on a loaded machine.
      for (let start = 0; start < STORED; start += 500) {
        await f.adapter.createMemories(
          Array.from({ length: 500 }, (_, i) =>
            message(`m${start + i}`, { embedding: vector(), unique: true }),
          ),
          'messages',
        );
      }
      await f.driver.query('ANALYZE memories, embeddings');
    }, 120_000);
    afterAll(() => backend.cleanup());

    // Index plans: only where the driver builds HNSW indexes.
    if (indexedVectorBackends.includes(backend)) {
      it(`stage 1: the index gives ${NEAR_DUPLICATE_CANDIDATES} candidates, their memories come by primary key`, async () => {
        const scope = indexedScope(f.agentId);
        const prepared = prepareMemory(
          message('new', { embedding: vector() }),
          'messages',
          f.agentId,
          D,
          uuid(),
        );
        const statement = nearDuplicateCandidateStatement(scope, 'messages', [prepared]);
        const plan = planText(await f.driver.query(sql`EXPLAIN (ANALYZE, COSTS OFF) ${statement}`));
        const scan = /Index Scan using idx_embeddings_dim_384_hnsw[^\n]*rows=(\d+)/.exec(plan);
        expect(scan, plan).not.toBeNull();
        expect(Number(scan?.[1])).toBeLessThanOrEqual(NEAR_DUPLICATE_CANDIDATES);
        expect(plan).toMatch(/Index Scan using memories_pkey on memories m(_\d+)? \(actual[^\n]*loops=40\)/);
        // The room (3,000 > the scope scan limit) is only counted up to the limit: none of its embeddings is read.
        expect(plan).toMatch(
          new RegExp(`Limit \\(actual[^\\n]*rows=${NEAR_DUPLICATE_SCOPE_SCAN_LIMIT + 1} loops=1\\)`),
        );
        expect(plan).not.toMatch(
          /idx_embedding_memory on embeddings e(_\d+)? \(actual|Seq Scan on embeddings|Hash|Sort Key: \(/,
        );
      });
    }

    it(`a room of at most ${NEAR_DUPLICATE_SCOPE_SCAN_LIMIT} memories: each is compared (exact, as the reference), the HNSW index is not read`, async () => {
      const scope = indexedScope(f.agentId);
      const roomId = uuid();
      await f.adapter.createRooms([{ id: roomId, source: 't', type: 'GROUP' as never, worldId: f.worldId }]);
      const stored = Array.from({ length: 30 }, () => vector());
      await f.adapter.createMemories(
        stored.map((embedding, i) => message(`small ${i}`, { roomId, embedding, unique: true })),
        'messages',
      );
      const prepared = prepareMemory(
        message('new', { roomId, embedding: stored[3] }),
        'messages',
        f.agentId,
        D,
        uuid(),
      );
      const statement = nearDuplicateCandidateStatement(scope, 'messages', [prepared]);
      const plan = planText(await f.driver.query(sql`EXPLAIN (ANALYZE, COSTS OFF) ${statement}`));
      expect(plan).toMatch(/Index Scan using idx_embedding_memory on embeddings e \(actual[^\n]*loops=30\)/);
      expect(plan).not.toMatch(/idx_embeddings_dim_384_hnsw[^\n]*\(actual/);
      const [row] = await f.driver.query<{ dup: boolean; settled: boolean }>(statement);
      expect(row).toMatchObject({ dup: true, settled: true });
    });

    it('createMemory with unique unset: two statements (the check, the insert) and no transaction', async () => {
      const scope = indexedScope(f.agentId);
      const near = vector();
      await createMemory(f.driver, scope, message('original', { embedding: near, unique: true }), 'messages');
      const { counts, ex } = countingExecutor(f.driver);
      const id = await createMemory(ex, scope, message('copy', { embedding: near }), 'messages');
      expect(counts).toEqual({ statements: 2, transactions: 0 });
      const fresh = await createMemory(ex, scope, message('fresh', { embedding: vector() }), 'messages');
      const stored = await f.adapter.getMemoriesByIds([id, fresh]);
      expect(Object.fromEntries(stored.map((m) => [m.content.text, m.unique]))).toEqual({
        copy: false,
        fresh: true,
      });
    });
  });
}
