/**
 * createMemory(m, 'messages') with `unique` unset where every memory is a near-duplicate (cosine
 * similarity 0.955 to 0.99) of a stored one of its room, on the session's data set: the check finds a
 * match every time. Also counts how many each subject flagged (all should be).
 */
import { type CompareRow, compareRow } from './compare.js';
import { bareCreateMemory } from './bare-create-memory.js';
import { latencyRounds, latencyRows } from './latency-rounds.js';
import { nearCopy } from './near-copy.js';
import { runtimeMemory } from './scope.js';
import type { Session } from './session.js';
import { createRandom, type UUID, uuid } from './support.js';

export async function benchCreateMemoryNearDuplicates(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, quick, backend, loaded, keptIndices } = session;
  const ops = quick ? 150 : 1_000;
  const rng = createRandom(17);
  const planned = Array.from({ length: ops }, (_, i) => {
    const index = keptIndices[i % keptIndices.length] ?? 0;
    return {
      id: uuid(),
      roomId: scope.rooms[index % scope.rooms.length] as UUID,
      embedding: nearCopy(loaded.kept.get(index) ?? [], 0.955 + 0.035 * rng.uniform(), rng),
    };
  });
  const memory = (i: number) => {
    const p = planned[i];
    if (!p) throw new Error(`no planned memory ${i}`);
    return runtimeMemory(scope, p.id, p.roomId, `near duplicate ${i}`, p.embedding);
  };
  const t = await latencyRounds(subjects, 5, ops / 5, (s) => {
    const adapter = s.adapter;
    return adapter
      ? (i) => adapter.createMemory(memory(i), 'messages')
      : (i) => bareCreateMemory(s.raw, memory(i), 'messages');
  });
  const ids = planned.map((p) => p.id);
  const flagged = {} as Record<string, number>;
  for (const s of subjects) {
    const rows = await s.raw.query<{ n: number }>(
      `select count(*)::int as n from memories where not "unique" and id = any($1::uuid[])`,
      [ids],
    );
    flagged[s.name] = Number(rows[0]?.n ?? 0);
  }
  const workload = `createMemory near-duplicates, ${session.size.toLocaleString('en')}-row table`;
  return [
    ...latencyRows(backend, workload, t, `${ops} calls, 5 interleaved rounds; runtime shape (unique unset)`),
    compareRow({
      backend,
      workload,
      metric: 'flagged as duplicates',
      ours: flagged.ours ?? 0,
      reference: flagged.reference ?? 0,
      bare: flagged.bare,
      unit: `of ${ops}`,
      higherIsBetter: true,
      note: 'bare: the HNSW LIMIT 1 check',
    }),
  ];
}
