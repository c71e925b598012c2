/**
 * searchMemories p50/p95 and recall@10 at each size on PostgreSQL, against a bare HNSW
 * `ORDER BY dim_384 <=> $1 LIMIT 10` with postgres.js (pgvector's default ef_search 40; the vector sent
 * twice, as this baseline always did, and once), the same at the facade's ef_search, and the facade's own
 * statement (memory rows + embeddings) sent bare. Ground truth: exact top-10 by a sequential scan
 * (`SET LOCAL enable_indexscan = off`) in the same run. Each query runs on every variant back to back, in
 * rotating order, so load changes on a shared machine hit all of them.
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
/** The facade's hnsw.ef_search for k = 10 (MIN_EF_SEARCH in plugin-sql's src/stores/hnsw-scan-settings.ts). */
const FACADE_EF_SEARCH = 128;

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

    // The bare HNSW query (the vector formatted and sent twice, as the baseline always was) ...
    const bare = async (q: readonly number[]) => {
      const rows = await f.bare<{ memory_id: string; distance: number }[]>`
        select memory_id, dim_384 <=> ${literal(q)}::vector as distance
        from embeddings order by dim_384 <=> ${literal(q)}::vector limit 10`;
      return rows.map((r) => r.memory_id);
    };
    // ... and sent once (ORDER BY the output column is the same index expression), as the facade does.
    const bareOnce = async (q: readonly number[]) => {
      const rows = await f.bare<{ memory_id: string; distance: number }[]>`
        select memory_id, dim_384 <=> ${literal(q)}::vector as distance
        from embeddings order by distance limit 10`;
      return rows.map((r) => r.memory_id);
    };
    // The same query on one connection with the facade's ef_search: bare at comparable recall.
    const reserved = await f.bare.reserve();
    await reserved.unsafe(`set hnsw.ef_search = ${FACADE_EF_SEARCH}`);
    const bareEf = async (q: readonly number[]) => {
      const rows = await reserved<{ memory_id: string }[]>`
        select memory_id, dim_384 <=> ${literal(q)}::vector as distance
        from embeddings order by distance limit 10`;
      return rows.map((r) => r.memory_id);
    };
    // The facade's own statement sent bare (memory rows + embeddings, the scan settings as its one-time
    // condition, LIMIT in the text), over a pool like the facade's: the difference is the facade's client work.
    const bareSame = async (q: readonly number[]) => {
      const rows = await f.bare<{ id: string; embedding: string }[]>`
        select m.*, e.dim_384 as embedding, e.dim_384 <=> ${literal(q)}::vector(384) as distance
        from embeddings e join memories m on m.id = e.memory_id
        where (select set_config('hnsw.iterative_scan', 'relaxed_order', true)
                 || set_config('hnsw.ef_search', ${String(FACADE_EF_SEARCH)}::text, true)) is not null
          and m.type = 'messages' and m.agent_id = ${f.agentId} and e.dim_384 is not null
        order by distance limit 10`;
      const parsed = rows.map((r) => ({ ...r, embedding: JSON.parse(r.embedding) as number[] }));
      return parsed.map((r) => r.id);
    };
    const facade = async (q: readonly number[]) => {
      const found = await f.adapter.searchMemories({ embedding: [...q], tableName: 'messages', count: 10 });
      return found.map((m) => m.id as string);
    };

    const variants = [
      ['bare', bare],
      ['bareOnce', bareOnce],
      ['bareEf', bareEf],
      ['bareSame', bareSame],
      ['facade', facade],
    ] as const;
    for (const q of queries.slice(0, 20)) for (const [, fn] of variants) await fn(q);
    // Statistics reach pg_stat_user_indexes when a backend has been idle (at most ~10 s later).
    const statsSettle = () => new Promise((resolve) => setTimeout(resolve, 11_000));
    await statsSettle();
    const scansBefore = await indexScans(f);
    type Name = (typeof variants)[number][0];
    const times: Record<Name, number[]> = { bare: [], bareOnce: [], bareEf: [], bareSame: [], facade: [] };
    const recalls: Record<Name, number[]> = { bare: [], bareOnce: [], bareEf: [], bareSame: [], facade: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, q] of queries.entries()) {
        const shift = (i + round) % variants.length;
        for (const [name, fn] of [...variants.slice(shift), ...variants.slice(0, shift)]) {
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
    const load = `COPY ${(data.loadMs / 1000).toFixed(1)} s, HNSW build ${(data.indexMs / 1000).toFixed(1)} s; HNSW index scans during timing: ${scans} (of ${ROUNDS * QUERIES * variants.length} queries)`;
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
        metric: 'p50, bare sending the vector once',
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bareOnce, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: 'ef_search 40',
      },
      {
        bench,
        metric: `p50, bare at ef_search ${FACADE_EF_SEARCH}`,
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bareEf, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: `the facade's ef_search for k = 10`,
      },
      {
        bench,
        metric: `recall@10, bare at ef_search ${FACADE_EF_SEARCH}`,
        facade: mean(recalls.facade),
        bare: mean(recalls.bareEf),
        unit: '',
        higherIsBetter: true,
      },
      {
        bench,
        metric: "p50, bare sending the facade's statement",
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bareSame, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: `the same statement (memory rows + embeddings, parsed; ef_search ${FACADE_EF_SEARCH}) over a pool: the facade's client work`,
      },
    ];
  } finally {
    await f.close();
  }
}
