/**
 * getMemories of 50 by room (newest first, with embeddings) at `size` memories in 100 rooms on
 * PostgreSQL, against postgres.js running the equivalent SELECT.
 */
import { loadDataset } from './dataset.js';
import {
  type BenchRow,
  createEmbeddingSource,
  createPostgresFixture,
  percentile,
  type UUID,
} from './support.js';

const CALLS = 200;
const ROUNDS = 3;

export async function benchGetMemories(size: number): Promise<BenchRow[]> {
  const f = await createPostgresFixture(100);
  try {
    const source = createEmbeddingSource(3);
    // The HNSW index plays no part in this read: skip its (long) rebuild after the load.
    await loadDataset(f, size, () => source.next(), { rebuildIndex: false });
    const room = (i: number) => f.rooms[(i * 37) % f.rooms.length] as UUID;
    const bare = (i: number) => f.bare`
      select m.*, e.dim_384 from memories m left join embeddings e on e.memory_id = m.id
      where m.type = 'messages' and m.room_id = ${room(i)}
      order by m.created_at desc, m.id desc limit 50`;
    const facade = (i: number) =>
      f.adapter.getMemories({ roomId: room(i), tableName: 'messages', count: 50 });

    const check = await facade(0);
    if (check.length !== 50 || check[0]?.embedding?.length !== 384) {
      throw new Error(`getMemories returned ${check.length} memories: expected 50 with embeddings`);
    }
    for (let i = 0; i < 50; i++) {
      await bare(i);
      await facade(i);
    }
    const times = { bare: [] as number[], facade: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of [
        ['bare', bare],
        ['facade', facade],
      ] as const) {
        for (let i = 0; i < CALLS; i++) {
          const t0 = performance.now();
          await fn(i);
          times[name].push(performance.now() - t0);
        }
      }
    }
    const bench = `getMemories 50 by room, ${size / 1000}k`;
    return [
      {
        bench,
        metric: 'p50',
        facade: percentile(times.facade, 0.5),
        bare: percentile(times.bare, 0.5),
        unit: 'ms',
        higherIsBetter: false,
        note: `100 rooms; bare returns the vector as text, the facade parses it to number[]`,
      },
      {
        bench,
        metric: 'p95',
        facade: percentile(times.facade, 0.95),
        bare: percentile(times.bare, 0.95),
        unit: 'ms',
        higherIsBetter: false,
      },
    ];
  } finally {
    await f.close();
  }
}
