/**
 * Rows and blocks a searchMemories with `match_threshold` reads per query on PostgreSQL, from the
 * server's own counters of each subject's database (pg_stat_user_tables / pg_statio_user_tables over
 * memories and embeddings, their indexes included): what a query costs the server, whatever plan it
 * takes. Two kinds of query: near ones (moved from stored vectors: the top 10 all pass the threshold)
 * and far ones (random directions: few or no stored memories pass, where a threshold applied inside an
 * iterative index scan reads on), over all messages and within one room. Bare: the HNSW `ORDER BY <=> LIMIT 10` at pgvector's defaults.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BareDb } from './bare-db.js';
import { type CompareRow, compareRow, interleave, type SubjectName } from './compare.js';
import { MATCH_THRESHOLD, searchQueries } from './search-memories-latency.js';
import type { Session } from './session.js';
import { createRandom, vectorText } from './support.js';

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

/** Random directions: with clustered data almost no stored memory is above the threshold. */
function farQueries(n: number): number[][] {
  const rng = createRandom(77);
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: 384 }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

async function snapshot(subjects: Session['subjects']): Promise<Map<SubjectName, Counters>> {
  await statsSettle();
  const out = new Map<SubjectName, Counters>();
  for (const s of subjects) out.set(s.name, await counters(s.raw));
  return out;
}

async function runQueries(session: Session, queries: readonly number[][], inRoom: boolean): Promise<void> {
  const { scope, subjects } = session;
  const steps = subjects.map((s) => {
    const adapter = s.adapter;
    const run = async () => {
      for (const [i, q] of queries.entries()) {
        const roomId = scope.rooms[(i * 7) % scope.rooms.length];
        if (adapter) {
          await adapter.searchMemories({
            embedding: [...q],
            tableName: 'messages',
            count: 10,
            match_threshold: MATCH_THRESHOLD,
            ...(inRoom ? { roomId } : {}),
          });
        } else {
          await s.raw.query(
            `select m.id, 1 - (e.dim_384 <=> $1::vector) as similarity
               from embeddings e join memories m on m.id = e.memory_id
              where m.type = 'messages' and m.agent_id = $2 ${inRoom ? 'and m.room_id = $3' : ''}
              order by e.dim_384 <=> $1::vector limit 10`,
            [vectorText(q), scope.agentId, ...(inRoom ? [roomId] : [])],
          );
        }
      }
    };
    return [s.name, run] as const;
  });
  await interleave(1, steps);
}

export async function benchSearchRowsRead(session: Session): Promise<CompareRow[]> {
  const { backend, quick, subjects } = session;
  if (backend !== 'postgres') return [];
  const n = quick ? 20 : 50;
  const all = [
    ['near queries (top 10 above the threshold)', searchQueries(session, n), false],
    ['far queries (few or none above the threshold)', farQueries(n), false],
    ['near queries in a room (1 of 100)', searchQueries(session, n), true],
    ['far queries in a room (1 of 100)', farQueries(n), true],
  ] as const;
  // Each kind waits for the counters (11 s); --quick keeps the two over all messages.
  const classes = quick ? all.slice(0, 2) : all;
  const rows: CompareRow[] = [];
  let before = await snapshot(subjects);
  for (const [label, queries, inRoom] of classes) {
    await runQueries(session, queries, inRoom);
    const after = await snapshot(subjects);
    const per = {} as Record<SubjectName, Counters>;
    for (const s of subjects) {
      const a = after.get(s.name) ?? { tuples: 0, entries: 0, blocks: 0 };
      const b = before.get(s.name) ?? { tuples: 0, entries: 0, blocks: 0 };
      per[s.name] = {
        tuples: (a.tuples - b.tuples) / queries.length,
        entries: (a.entries - b.entries) / queries.length,
        blocks: (a.blocks - b.blocks) / queries.length,
      };
    }
    before = after;
    const workload = `searchMemories match_threshold ${MATCH_THRESHOLD}, ${label}, ${session.size.toLocaleString('en')} memories`;
    const row = (metric: string, key: keyof Counters, unit: string, note?: string) =>
      compareRow({
        backend,
        workload,
        metric,
        ours: per.ours[key],
        reference: per.reference[key],
        bare: per.bare[key],
        unit,
        higherIsBetter: false,
        note,
      });
    rows.push(
      row(
        'table rows read per query',
        'tuples',
        'rows',
        `pg_stat_user_tables seq_tup_read + idx_tup_fetch (memories, embeddings); ${queries.length} queries`,
      ),
      row(
        'index entries read per query',
        'entries',
        'entries',
        'pg_stat_user_indexes idx_tup_read: what the index scans returned, rows a filter above them dropped included',
      ),
      row(
        'blocks touched per query',
        'blocks',
        'blocks',
        'pg_statio_user_tables heap + index blocks (hit + read)',
      ),
    );
  }
  return rows;
}
