/**
 * searchMemories p50/p95 and recall@10 at each size on PostgreSQL, against a bare HNSW
 * `ORDER BY dim_384 <=> $1 LIMIT 10` with postgres.js. Ground truth: exact top-10 by a sequential scan
 * (`SET LOCAL enable_indexscan = off`) in the same run.
 */
import { loadDataset } from './dataset.js';
import {
  type BenchRow,
  createEmbeddingSource,
  createPostgresFixture,
  percentile,
  type PostgresFixture,
} from './support.js';

const QUERIES = 100;
const ROUNDS = 3;

const literal = (v: readonly number[]) => `[${v.join(',')}]`;

async function exactTop10(f: PostgresFixture, q: readonly number[]): Promise<Set<string>> {
  const rows = await f.bare.begin(async (tx) => {
    await tx`set local enable_indexscan = off`;
    return tx<{ memory_id: string }[]>`
      select memory_id from embeddings order by dim_384 <=> ${literal(q)}::vector limit 10`;
  });
  return new Set(rows.map((r) => r.memory_id));
}

const recall = (found: readonly string[], exact: Set<string>) =>
  found.filter((id) => exact.has(id)).length / exact.size;

async function indexScans(f: PostgresFixture): Promise<number> {
  const [row] = await f.bare<{ n: string }[]>`
    select idx_scan::text as n from pg_stat_user_indexes where indexrelname = 'idx_embeddings_dim_384_hnsw'`;
  return Number(row?.n ?? 0);
}

export async function benchSearchMemories(size: number): Promise<BenchRow[]> {
  const f = await createPostgresFixture(100);
  try {
    const source = createEmbeddingSource();
    const data = await loadDataset(f, size, () => source.next());
    const queries = Array.from({ length: QUERIES }, () => source.next());
    const exact = await Promise.all(queries.map((q) => exactTop10(f, q)));

    const bare = async (q: readonly number[]) => {
      const rows = await f.bare<{ memory_id: string; distance: number }[]>`
        select memory_id, dim_384 <=> ${literal(q)}::vector as distance
        from embeddings order by dim_384 <=> ${literal(q)}::vector limit 10`;
      return rows.map((r) => r.memory_id);
    };
    // The same query on one connection with the facade's ef_search (100): bare at comparable recall.
    const reserved = await f.bare.reserve();
    await reserved`set hnsw.ef_search = 100`;
    const bare100 = async (q: readonly number[]) => {
      const rows = await reserved<{ memory_id: string }[]>`
        select memory_id, dim_384 <=> ${literal(q)}::vector as distance
        from embeddings order by dim_384 <=> ${literal(q)}::vector limit 10`;
      return rows.map((r) => r.memory_id);
    };
    const facade = async (q: readonly number[]) => {
      const found = await f.adapter.searchMemories({ embedding: [...q], tableName: 'messages', count: 10 });
      return found.map((m) => m.id as string);
    };

    for (const q of queries.slice(0, 20)) {
      await bare(q);
      await bare100(q);
      await facade(q);
    }
    // Statistics reach pg_stat_user_indexes when a backend has been idle (at most ~10 s later).
    const statsSettle = () => new Promise((resolve) => setTimeout(resolve, 11_000));
    await statsSettle();
    const scansBefore = await indexScans(f);
    const times = { bare: [] as number[], bare100: [] as number[], facade: [] as number[] };
    const recalls = { bare: [] as number[], bare100: [] as number[], facade: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of [
        ['bare', bare],
        ['bare100', bare100],
        ['facade', facade],
      ] as const) {
        for (const [i, q] of queries.entries()) {
          const t0 = performance.now();
          const ids = await fn(q);
          times[name].push(performance.now() - t0);
          if (round === 0) recalls[name].push(recall(ids, exact[i] ?? new Set()));
        }
      }
    }
    reserved.release();
    await statsSettle();
    const scans = (await indexScans(f)) - scansBefore;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bench = `searchMemories ${size / 1000}k`;
    const load = `COPY ${(data.loadMs / 1000).toFixed(1)} s, HNSW build ${(data.indexMs / 1000).toFixed(1)} s; HNSW index scans during timing: ${scans} (of ${ROUNDS * QUERIES * 3} queries)`;
    return [
      {
        bench,
        metric: 'p50',
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bare, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: load,
      },
      {
        bench,
        metric: 'p95',
        facade: percentile(times.facade, 0.95),
        bare: percentile(times.bare, 0.95),
        unit: 'ms',
        higherIsBetter: false,
      },
      {
        bench,
        metric: 'recall@10',
        facade: mean(recalls.facade),
        bare: mean(recalls.bare),
        unit: '',
        higherIsBetter: true,
        note: `${QUERIES} queries vs exact sequential-scan top-10; bare: ef_search 40 (pgvector default)`,
      },
      {
        bench,
        metric: 'p50, bare at ef_search 100',
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bare100, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: 'the facade uses ef_search 100 (MIN_EF_SEARCH)',
      },
      {
        bench,
        metric: 'recall@10, bare at ef_search 100',
        facade: mean(recalls.facade),
        bare: mean(recalls.bare100),
        unit: '',
        higherIsBetter: true,
      },
    ];
  } finally {
    await f.close();
  }
}
