/**
 * Rows and blocks a searchMemories with `match_threshold` reads per query on PostgreSQL, from the
 * server's own counters of each subject's database (pg_stat_user_tables / pg_statio_user_tables over
 * memories and embeddings, their indexes included): what a query costs the server, whatever plan it
 * takes. Bare: the HNSW `ORDER BY <=> LIMIT 10` at pgvector's defaults.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BareDb } from './bare-db.js';
import { type CompareRow, compareRow, interleave, type SubjectName } from './compare.js';
import { MATCH_THRESHOLD, searchQueries } from './search-memories-latency.js';
import type { Session } from './session.js';
import { vectorText } from './support.js';

interface Counters {
  tuples: number;
  entries: number;
  blocks: number;
}

async function counters(raw: BareDb): Promise<Counters> {
  const [row] = await raw.query<{ tuples: string; entries: string; blocks: string }>(
    `select
       (select sum(seq_tup_read + coalesce(idx_tup_fetch, 0)) from pg_stat_user_tables
         where relname in ('memories', 'embeddings'))::text as tuples,
       (select sum(idx_tup_read) from pg_stat_user_indexes
         where relname in ('memories', 'embeddings'))::text as entries,
       (select sum(heap_blks_read + heap_blks_hit + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0))
          from pg_statio_user_tables where relname in ('memories', 'embeddings'))::text as blocks`,
  );
  return {
    tuples: Number(row?.tuples ?? 0),
    entries: Number(row?.entries ?? 0),
    blocks: Number(row?.blocks ?? 0),
  };
}

/** A backend publishes its counters when idle for up to 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL). */
const statsSettle = () => sleep(11_000);

export async function benchSearchRowsRead(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, backend, quick } = session;
  if (backend !== 'postgres') return [];
  const queries = searchQueries(session, quick ? 20 : 50);
  await statsSettle();
  const before = new Map<SubjectName, Counters>();
  for (const s of subjects) before.set(s.name, await counters(s.raw));
  const steps = subjects.map((s) => {
    const adapter = s.adapter;
    const run = async () => {
      for (const q of queries) {
        if (adapter) {
          await adapter.searchMemories({
            embedding: q,
            tableName: 'messages',
            count: 10,
            match_threshold: MATCH_THRESHOLD,
          });
        } else {
          await s.raw.query(
            `select m.id, 1 - (e.dim_384 <=> $1::vector) as similarity
               from embeddings e join memories m on m.id = e.memory_id
              where m.type = 'messages' and m.agent_id = $2 order by e.dim_384 <=> $1::vector limit 10`,
            [vectorText(q), scope.agentId],
          );
        }
      }
    };
    return [s.name, run] as const;
  });
  await interleave(1, steps);
  await statsSettle();
  const per = {} as Record<SubjectName, Counters>;
  for (const s of subjects) {
    const after = await counters(s.raw);
    const b = before.get(s.name) ?? { tuples: 0, entries: 0, blocks: 0 };
    per[s.name] = {
      tuples: (after.tuples - b.tuples) / queries.length,
      entries: (after.entries - b.entries) / queries.length,
      blocks: (after.blocks - b.blocks) / queries.length,
    };
  }
  const workload = `searchMemories match_threshold ${MATCH_THRESHOLD}, ${session.size.toLocaleString('en')} memories`;
  return [
    compareRow({
      backend,
      workload,
      metric: 'table rows read per query',
      ours: per.ours.tuples,
      reference: per.reference.tuples,
      bare: per.bare.tuples,
      unit: 'rows',
      higherIsBetter: false,
      note: `pg_stat_user_tables seq_tup_read + idx_tup_fetch (memories, embeddings); ${queries.length} queries`,
    }),
    compareRow({
      backend,
      workload,
      metric: 'index entries read per query',
      ours: per.ours.entries,
      reference: per.reference.entries,
      bare: per.bare.entries,
      unit: 'entries',
      higherIsBetter: false,
      note: 'pg_stat_user_indexes idx_tup_read (the HNSW scan, primary keys)',
    }),
    compareRow({
      backend,
      workload,
      metric: 'blocks touched per query',
      ours: per.ours.blocks,
      reference: per.reference.blocks,
      bare: per.bare.blocks,
      unit: 'blocks',
      higherIsBetter: false,
      note: 'pg_statio_user_tables heap + index blocks (hit + read)',
    }),
  ];
}
