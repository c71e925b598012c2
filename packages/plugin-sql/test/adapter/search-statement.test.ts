import { uuid } from '@eliza-sql/test-support';
import type { Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Memory, UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { efSearchFor } from '../../src/stores/hnsw-scan-settings.js';
import { searchMemories } from '../../src/stores/memory-search.js';
import { indexedVectorBackends, testBackends } from '../support/backends.js';
import { countingExecutor } from '../support/counting-executor.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384;

/** The index plan even on a small table (as on a large one), inside `tx`'s transaction. */
async function forceIndexPlan(tx: SqlExecutor): Promise<void> {
  await tx.query('SET LOCAL enable_seqscan = off');
  await tx.query('SET LOCAL enable_sort = off');
}

// The '[1]'::vector constant loads pgvector into the session (planning folds it) before the settings are read.
const SETTINGS = `SELECT '[1]'::vector(1)::text AS v, current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS scan`;
type Settings = { v: string; ef: string; scan: string };

const planText = (rows: Row[]) => rows.map((row) => String(Object.values(row)[0])).join('\n');

for (const backend of testBackends) {
  describe(`searchMemories: HNSW settings inside the statement [${backend.name}]`, () => {
    let f: AdapterFixture;
    let quiet: UUID;
    const query = axisVector(D, 7);
    const search = (ex: SqlExecutor, iterativeScan: boolean, count = 2) =>
      searchMemories(
        ex,
        { agentId: f.agentId, dimension: D, iterativeScan, approximateVectorIndex: true },
        { tableName: 'facts', embedding: query, roomId: quiet, count },
      );

    beforeAll(async () => {
      f = await createAdapterFixture(backend);
      const [busy, other] = (await f.adapter.createRooms([
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
        { id: uuid(), source: 't', type: 'GROUP' as never, worldId: f.worldId },
      ])) as [UUID, UUID];
      quiet = other;
      const memory = (text: string, roomId: UUID, tilt: number): Memory => ({
        entityId: f.userId,
        roomId,
        content: { text },
        embedding: axisVector(D, 7, tilt),
        unique: true,
      });
      // 300 memories closer to the query than the quiet room's two: far more than pgvector's default
      // ef_search (40) and than the ef_search a 2-row search uses, so only an iterative scan reaches them.
      await f.adapter.createMemories(
        Array.from({ length: 300 }, (_, i) => memory(`busy ${i}`, busy, 0.001 * i)),
        'facts',
      );
      await f.adapter.createMemories([memory('quiet a', quiet, 3), memory('quiet b', quiet, 4)], 'facts');
    });
    afterAll(() => backend.cleanup());

    it('the backend has pgvector ≥ 0.8 (iterative index scans), as the adapter detects', async () => {
      const [row] = await f.driver.query<{ v: string }>(
        `SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`,
      );
      const [major = 0, minor = 0] = (row?.v ?? '0.0').split('.').map(Number);
      expect(major > 0 || minor >= 8).toBe(true);
    });

    // Index plans: only where the driver builds HNSW indexes.
    if (indexedVectorBackends.includes(backend)) {
      it('the settings reach the index scan: a selective filter is answered by ONE index-served statement', async () => {
        // Without the settings the index scan starves (no row of the quiet room among its candidates)
        // and the exact fallback has to answer: a second statement.
        const without = await f.driver.transaction(async (tx) => {
          await forceIndexPlan(tx);
          const r = countingExecutor(tx);
          return { found: await search(r.ex, false), statements: r.sent.length };
        });
        expect(without).toEqual({ found: expect.any(Array), statements: 2 });
        expect(without.found.map((m) => m.content.text)).toEqual(['quiet a', 'quiet b']);

        const withSettings = await f.driver.transaction(async (tx) => {
          await forceIndexPlan(tx);
          const r = countingExecutor(tx);
          return { found: await search(r.ex, true), statements: r.sent.length };
        });
        expect(withSettings.statements).toBe(1);
        expect(withSettings.found.map((m) => m.content.text)).toEqual(['quiet a', 'quiet b']);
        expect(withSettings.found.map((m) => m.similarity)).toEqual(without.found.map((m) => m.similarity));
      });
    }

    // Index plans: only where the driver builds HNSW indexes.
    if (indexedVectorBackends.includes(backend)) {
      it('the statement is planned as a gated HNSW index scan: the settings are a One-Time Filter above it', async () => {
        const plan = await f.driver.transaction(async (tx) => {
          await forceIndexPlan(tx);
          const r = countingExecutor(tx);
          await search(r.ex, true);
          const [statement] = r.sent;
          return planText(await tx.query(sql`EXPLAIN ${statement}`));
        });
        const gate = plan.indexOf('One-Time Filter');
        const scan = plan.indexOf('Index Scan using idx_embeddings_dim_384_hnsw');
        expect(gate).toBeGreaterThan(-1);
        expect(scan).toBeGreaterThan(gate);
        expect(plan).toMatch(/InitPlan/);
      });
    }

    it('outside a transaction the settings end with the statement: pooled connections keep the defaults', async () => {
      const before = await f.driver.query<Settings>(SETTINGS);
      // Concurrent calls, so every connection of a pool runs searches and then the checks.
      const found = await Promise.all(Array.from({ length: 8 }, () => search(f.driver, true)));
      for (const hits of found) expect(hits.map((m) => m.content.text)).toEqual(['quiet a', 'quiet b']);
      const after = await Promise.all(Array.from({ length: 8 }, () => f.driver.query<Settings>(SETTINGS)));
      expect(before).toEqual([{ v: '[1]', ef: '40', scan: 'off' }]);
      for (const rows of after) expect(rows).toEqual(before);
    });

    it('inside a transaction (data isolation runs each call in one) they last to its end', async () => {
      const settings = await f.driver.transaction(async (tx) => {
        await search(tx, true, 150);
        return tx.query<Settings>(SETTINGS);
      });
      expect(settings).toEqual([{ v: '[1]', ef: String(efSearchFor(150)), scan: 'relaxed_order' }]);
      expect(efSearchFor(150)).toBe(300);
    });
  });
}
