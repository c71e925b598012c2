/**
 * searchMemories as the runtime calls it (`match_threshold`, count 10): over the agent's messages and
 * within one room. p50 / p95 / CPU per query, and how many of the reference's top 10 (an exact scan:
 * it has no vector index) ours returns. Bare: the HNSW `ORDER BY <=> LIMIT 10` (pgvector's defaults)
 * with the threshold applied to the 10 rows returned.
 */
import { type CompareRow, compareRow } from './compare.js';
import { latencyRounds, latencyRows } from './latency-rounds.js';
import { nearCopy } from './near-copy.js';
import type { Session } from './session.js';
import { createRandom, type UUID, vectorText } from './support.js';

export const MATCH_THRESHOLD = 0.2;
const QUERIES = 100;

const bareStatement = (room: boolean) => `select m.*, e.dim_384 as embedding,
    1 - (e.dim_384 <=> $1::vector) as similarity
  from embeddings e join memories m on m.id = e.memory_id
  where m.type = 'messages' and m.agent_id = $2 ${room ? 'and m.room_id = $3' : ''}
  order by e.dim_384 <=> $1::vector limit 10`;

/** Query vectors from the data set's own distribution: kept stored vectors moved to similarity 0.9. */
export function searchQueries(session: Session, n: number): number[][] {
  const rng = createRandom(99);
  return Array.from({ length: n }, (_, i) => {
    const v = session.loaded.kept.get(session.keptIndices[i % session.keptIndices.length] ?? 0) ?? [];
    return nearCopy(v, 0.9, rng);
  });
}

export async function benchSearchMemoriesLatency(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, quick, backend } = session;
  const queries = searchQueries(session, quick ? 40 : QUERIES);
  const rows: CompareRow[] = [];
  for (const inRoom of [false, true]) {
    const room = (i: number) => scope.rooms[(i * 7) % scope.rooms.length] as UUID;
    const found: Record<string, string[][]> = {};
    const call = (s: (typeof subjects)[number]) => {
      const adapter = s.adapter;
      const ids: string[][] = [];
      found[s.name] = ids;
      const keep = (i: number, list: { id?: unknown }[]) => {
        if (i < queries.length) ids[i] = list.map((m) => String(m.id));
      };
      const q = (i: number) => queries[i % queries.length] ?? [];
      if (adapter) {
        return async (i: number) =>
          keep(
            i,
            await adapter.searchMemories({
              embedding: q(i),
              tableName: 'messages',
              count: 10,
              match_threshold: MATCH_THRESHOLD,
              ...(inRoom ? { roomId: room(i) } : {}),
            }),
          );
      }
      const statement = bareStatement(inRoom);
      return async (i: number) => {
        const params = [vectorText(q(i)), scope.agentId, ...(inRoom ? [room(i)] : [])];
        const hits = await s.raw.query<{ id: string; similarity: number }>(statement, params);
        keep(
          i,
          hits.filter((h) => Number(h.similarity) >= MATCH_THRESHOLD),
        );
      };
    };
    await latencyRounds(subjects, 1, 10, call);
    const t = await latencyRounds(subjects, 3, queries.length, call);
    const workload = `searchMemories ${inRoom ? 'in a room' : 'all messages'}, ${session.size.toLocaleString('en')} memories`;
    rows.push(
      ...latencyRows(
        backend,
        workload,
        t,
        `match_threshold ${MATCH_THRESHOLD}, count 10; ${queries.length} queries x 3 interleaved rounds`,
      ),
    );
    const overlap = (name: string) => {
      let hit = 0;
      let total = 0;
      for (const [i, exact] of (found.reference ?? []).entries()) {
        const mine = new Set(found[name]?.[i] ?? []);
        total += exact.length;
        hit += exact.filter((id) => mine.has(id)).length;
      }
      return total === 0 ? 1 : hit / total;
    };
    rows.push(
      compareRow({
        backend,
        workload,
        metric: "recall of the reference's top 10",
        ours: overlap('ours'),
        reference: 1,
        bare: overlap('bare'),
        unit: '',
        higherIsBetter: true,
        note: 'the reference scans exactly (no vector index)',
      }),
    );
  }
  return rows;
}
