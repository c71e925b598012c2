/**
 * The active-space filter keeps searchMemories on the HNSW index: the statement (one, as before) is
 * planned as an index scan of the dimension's HNSW index with the space condition as a filter, for a
 * space that owns untagged vectors and for one that does not.
 */
import type { Memory, UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMemories } from '../../src/stores/memory-search.js';
import { indexedVectorBackends } from '../support/backends.js';
import { countingExecutor } from '../support/counting-executor.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384;

// Index plans: only where the driver builds HNSW indexes (PGlite searches exactly; without PostgreSQL
// the suite is reported as skipped, like the other PostgreSQL-only suites).
describe.runIf(indexedVectorBackends.length > 0)('the HNSW plan of the active-space filter', () => {
  for (const backend of indexedVectorBackends) {
    describe(`searchMemories with the active-space filter uses the HNSW index [${backend.name}]`, () => {
      let f: AdapterFixture;
      beforeAll(async () => {
        f = await createAdapterFixture(backend);
        await f.adapter.ensureEmbeddingDimension(D);
        const memory = (i: number): Memory => ({
          entityId: f.userId,
          roomId: f.roomId,
          content: { text: `m${i}` },
          embedding: axisVector(D, i % D, 0.1),
          unique: true,
        });
        await f.adapter.createMemories(
          Array.from({ length: 380 }, (_, i) => memory(i)),
          'facts',
        );
      });
      afterAll(() => backend.cleanup());

      for (const adoptsUntagged of [true, false]) {
        it(`one statement, planned on idx_embeddings_dim_384_hnsw (space adopts untagged vectors: ${adoptsUntagged})`, async () => {
          const space = { id: f.adapter.embeddings.active?.id as UUID, adoptsUntagged };
          const counting = countingExecutor(f.driver);
          const found = await searchMemories(
            counting.ex,
            { agentId: f.agentId, dimension: D, iterativeScan: false, approximateVectorIndex: true, space },
            { tableName: 'facts', embedding: axisVector(D, 3), count: 5 },
          );
          // No extra round trip: one statement when k rows are found.
          expect(found).toHaveLength(5);
          expect(counting.counts.statements).toBe(1);
          const [statement] = counting.sent;
          expect(statement).toBeDefined();
          const plan = await f.driver.transaction(async (tx) => {
            // The index plan even on a small table (as on a large one), as search-statement.test.ts does.
            await tx.query('SET LOCAL enable_seqscan = off');
            await tx.query('SET LOCAL enable_sort = off');
            return tx.query(sql`EXPLAIN ${statement}`);
          });
          const text = plan.map((row) => String(Object.values(row)[0])).join('\n');
          expect(text).toContain('Index Scan using idx_embeddings_dim_384_hnsw');
          expect(text).toMatch(/space_id/);
          // And the real search answers from the active space.
          const hits = await f.adapter.searchMemories({
            tableName: 'facts',
            embedding: axisVector(D, 3),
            count: 5,
          });
          expect(hits[0]?.content.text).toBe('m3');
        });
      }
    });
  }
});
