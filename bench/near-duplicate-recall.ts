/**
 * Near-duplicate detection against the reference's exact answer (it compares with every stored
 * memory of the scope: no vector index). Planted through createMemory(m, 'messages') with `unique`
 * unset, in the stored memory's room: 40 copies at cosine similarity 0.955 to 0.99 (duplicates) and
 * 40 at 0.90 to 0.94 (not), in a shuffled order. Recall: of the memories the reference flagged, how
 * many ours flagged; precision: of those ours flagged, how many the reference flagged.
 */
import { type CompareRow, compareRow } from './compare.js';
import { bareCreateMemory } from './bare-create-memory.js';
import { nearCopy } from './near-copy.js';
import { runtimeMemory } from './scope.js';
import type { Session } from './session.js';
import { createRandom, type UUID, uuid } from './support.js';

const PLANTED = 40;

export async function benchNearDuplicateRecall(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, backend, loaded, keptIndices } = session;
  const rng = createRandom(23);
  // The kept memories from the end backwards: apart from the near-duplicate workload's first ones.
  const bases = [...keptIndices].reverse();
  const plants = Array.from({ length: 2 * PLANTED }, (_, i) => {
    const index = bases[i % bases.length] ?? 0;
    const duplicate = i < PLANTED;
    const similarity = duplicate ? 0.955 + 0.035 * rng.uniform() : 0.9 + 0.04 * rng.uniform();
    return {
      id: uuid(),
      roomId: scope.rooms[index % scope.rooms.length] as UUID,
      embedding: nearCopy(loaded.kept.get(index) ?? [], similarity, rng),
      duplicate,
    };
  });
  for (let i = plants.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [plants[i], plants[j]] = [plants[j] as (typeof plants)[number], plants[i] as (typeof plants)[number]];
  }
  // Interleaved memory by memory: every subject stores plant k before any stores plant k + 1.
  for (const [k, p] of plants.entries()) {
    for (const s of subjects) {
      const m = runtimeMemory(scope, p.id, p.roomId, `planted ${k}`, p.embedding);
      if (s.adapter) await s.adapter.createMemory(m, 'messages');
      else await bareCreateMemory(s.raw, m, 'messages');
    }
  }
  const ids = plants.map((p) => p.id);
  const flagged = {} as Record<string, Set<string>>;
  for (const s of subjects) {
    const rows = await s.raw.query<{ id: string }>(
      `select id from memories where not "unique" and id = any($1::uuid[])`,
      [ids],
    );
    flagged[s.name] = new Set(rows.map((r) => String(r.id)));
  }
  const truth = flagged.reference ?? new Set<string>();
  const planted = new Set(plants.filter((p) => p.duplicate).map((p) => p.id as string));
  const agree = (name: string) => [...(flagged[name] ?? [])].filter((id) => truth.has(id)).length;
  const recall = (name: string) => (truth.size === 0 ? 1 : agree(name) / truth.size);
  const precision = (name: string) => {
    const n = flagged[name]?.size ?? 0;
    return n === 0 ? (truth.size === 0 ? 1 : 0) : agree(name) / n;
  };
  const workload = `near-duplicate detection, ${session.size.toLocaleString('en')} memories`;
  const refVsPlanted = [...truth].filter((id) => planted.has(id)).length;
  return [
    compareRow({
      backend,
      workload,
      metric: 'flagged',
      ours: flagged.ours?.size ?? 0,
      reference: truth.size,
      bare: flagged.bare?.size,
      unit: `of ${2 * PLANTED}`,
      higherIsBetter: true,
      note: `${PLANTED} planted at >= 0.955, ${PLANTED} at <= 0.94; the reference flagged ${refVsPlanted} of the ${PLANTED}`,
    }),
    compareRow({
      backend,
      workload,
      metric: "recall vs the reference's exact answer",
      ours: recall('ours'),
      reference: 1,
      bare: recall('bare'),
      unit: '',
      higherIsBetter: true,
      note: 'bare: the HNSW LIMIT 1 check (pgvector defaults)',
    }),
    compareRow({
      backend,
      workload,
      metric: "precision vs the reference's exact answer",
      ours: precision('ours'),
      reference: 1,
      bare: precision('bare'),
      unit: '',
      higherIsBetter: true,
    }),
  ];
}
