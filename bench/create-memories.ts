/**
 * Bulk createMemories (extension: one transaction, one unnest INSERT per chunk of memories +
 * embeddings, chunks pipelined) against postgres.js COPY into memories and embeddings (one
 * transaction), same rows, on PostgreSQL.
 */
import { type CopyRow, copyMemories } from './dataset.js';
import {
  alternate,
  type BenchRow,
  benchMemory,
  createEmbeddingSource,
  createPostgresFixture,
  type UUID,
  uuid,
} from './support.js';

const ROUNDS = 3;
const BATCH = 5_000;
const UNSET_BATCH = 1_000;

export async function benchCreateMemories(): Promise<BenchRow[]> {
  const f = await createPostgresFixture(10);
  try {
    const source = createEmbeddingSource(11);
    const pool = Array.from({ length: BATCH }, () => source.next());
    const rows = (n: number, prefix: string): CopyRow[] =>
      Array.from({ length: n }, (_, i) => ({
        id: uuid(),
        roomId: f.rooms[i % f.rooms.length] as UUID,
        text: `${prefix} ${i}`,
        embedding: pool[i % pool.length] ?? [],
        createdAt: Date.now(),
      }));
    const memories = (list: CopyRow[], unique: boolean | undefined) =>
      list.map((r) => ({ ...benchMemory(f, r.roomId, r.text, [...r.embedding]), id: r.id, unique }));

    const timeRows = async (n: number, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return n / ((performance.now() - t0) / 1000);
    };
    const copy = (n: number) => {
      const list = rows(n, 'copy');
      return timeRows(n, () => copyMemories(f, list));
    };
    const bulk = (n: number, unique: boolean | undefined) => {
      const list = memories(rows(n, 'bulk'), unique);
      return timeRows(n, () => f.adapter.createMemories(list, 'messages'));
    };

    await copy(500);
    await bulk(500, true);
    const given = await alternate(
      ROUNDS,
      () => copy(BATCH),
      () => bulk(BATCH, true),
    );
    const unset = await alternate(
      1,
      () => copy(UNSET_BATCH),
      () => bulk(UNSET_BATCH, undefined),
    );
    return [
      {
        bench: 'createMemories (bulk)',
        metric: `${BATCH} rows, unique given`,
        facade: given.facade,
        bare: given.bare,
        unit: 'rows/s',
        higherIsBetter: true,
        note: `bare: COPY memories + embeddings in one transaction; median of ${ROUNDS} rounds`,
      },
      {
        bench: 'createMemories (bulk)',
        metric: `${UNSET_BATCH} rows, unique unset`,
        facade: unset.facade,
        bare: unset.bare,
        unit: 'rows/s',
        higherIsBetter: true,
        note: 'facade also runs the near-duplicate rule (one batched, index-served check for the batch)',
      },
    ];
  } finally {
    await f.close();
  }
}
