/**
 * createMemory with a 384-d embedding on PostgreSQL, sequential and with 8 concurrent callers, against
 * postgres.js inserting the same row per call (memory + embedding in one transaction).
 *
 * Two facade cases: `unique` given (a plain insert), and `unique` unset (what `runtime.createMemory`
 * usually passes), where the reference's rule adds a nearest-neighbour check (similarity ≥ 0.95 in the
 * same room); its bare counterpart runs the same LIMIT 1 HNSW query before the insert.
 */
import {
  alternate,
  type BenchRow,
  benchMemory,
  createEmbeddingSource,
  createPostgresFixture,
  type PostgresFixture,
  throughput,
  type UUID,
  uuid,
  vectorText,
} from './support.js';

const ROUNDS = 5;
const SEQUENTIAL = 300;
const CONCURRENT = 800;
const CALLERS = 8;

async function bareInsert(f: PostgresFixture, roomId: UUID, text: string, embedding: number[]) {
  const id = uuid();
  await f.bare.begin(async (tx) => {
    await tx`
      insert into memories (id, type, content, entity_id, agent_id, room_id, world_id, "unique", metadata)
      values (${id}, 'messages', ${JSON.stringify({ text })}::jsonb, ${f.entityId}, ${f.agentId},
              ${roomId}, ${f.worldId}, true, '{}'::jsonb)`;
    await tx`insert into embeddings (memory_id, dim_384) values (${id}, ${vectorText(embedding)}::vector)`;
  });
}

async function bareNearDuplicate(f: PostgresFixture, roomId: UUID, embedding: number[]) {
  await f.bare`
    select m.id from embeddings e join memories m on m.id = e.memory_id
    where m.type = 'messages' and m.agent_id = ${f.agentId} and m.room_id = ${roomId}
      and m.world_id = ${f.worldId} and m.entity_id = ${f.entityId}
    order by e.dim_384 <=> ${vectorText(embedding)}::vector limit 1`;
}

export async function benchCreateMemory(): Promise<BenchRow[]> {
  const f = await createPostgresFixture(CALLERS);
  try {
    const source = createEmbeddingSource(7);
    const pool = Array.from({ length: 2_000 }, () => source.next());
    const emb = (i: number) => pool[i % pool.length] ?? [];
    const room = (i: number) => f.rooms[i % f.rooms.length] as UUID;
    const bare = (i: number) => bareInsert(f, room(i), `bare ${i}`, emb(i));
    const bareUnset = async (i: number) => {
      await bareNearDuplicate(f, room(i), emb(i));
      await bareInsert(f, room(i), `bare ${i}`, emb(i));
    };
    const facade = (i: number) =>
      f.adapter.createMemory({ ...benchMemory(f, room(i), `facade ${i}`, emb(i)), unique: true }, 'messages');
    const facadeUnset = (i: number) =>
      f.adapter.createMemory(benchMemory(f, room(i), `facade ${i}`, emb(i)), 'messages');

    await throughput(100, 1, bare);
    await throughput(100, 1, facade);
    const seq = await alternate(
      ROUNDS,
      () => throughput(SEQUENTIAL, 1, bare),
      () => throughput(SEQUENTIAL, 1, facade),
    );
    const seqUnset = await alternate(
      ROUNDS,
      () => throughput(SEQUENTIAL, 1, bareUnset),
      () => throughput(SEQUENTIAL, 1, facadeUnset),
    );
    const conc = await alternate(
      ROUNDS,
      () => throughput(CONCURRENT, CALLERS, bare),
      () => throughput(CONCURRENT, CALLERS, facade),
    );
    const concUnset = await alternate(
      ROUNDS,
      () => throughput(CONCURRENT, CALLERS, bareUnset),
      () => throughput(CONCURRENT, CALLERS, facadeUnset),
    );
    const [count] = await f.bare<{ n: number }[]>`select count(*)::int as n from memories`;
    const row = (metric: string, r: { bare: number; facade: number }, note?: string): BenchRow => ({
      bench: 'createMemory',
      metric,
      facade: r.facade,
      bare: r.bare,
      unit: 'ops/s',
      higherIsBetter: true,
      note,
    });
    return [
      row('sequential, unique given', seq, `median of ${ROUNDS} alternating rounds of ${SEQUENTIAL}`),
      row('sequential, unique unset (+ near-dup check)', seqUnset),
      row(`${CALLERS} concurrent, unique given`, conc, `pool max 10; ${CONCURRENT} calls per round`),
      row(`${CALLERS} concurrent, unique unset`, concUnset, `${count?.n} memories in the table at the end`),
    ];
  } finally {
    await f.close();
  }
}
