/**
 * One mixed agent turn on PostgreSQL (the soak's turn): ensure entity, room and participant; create a
 * memory with a 384-d embedding (unique unset: near-duplicate check); read the room's last 20; search
 * (room filter, 10); write a log. Bare: the same statements with postgres.js (the search in a
 * transaction with the same `hnsw.*` settings the facade uses).
 */
import {
  alternate,
  type BenchRow,
  createEmbeddingSource,
  createPostgresFixture,
  GROUP,
  type PostgresFixture,
  percentile,
  type UUID,
  uuid,
  vectorText,
} from './support.js';

const ROUNDS = 5;
const TURNS = 150;

interface Actors {
  readonly rooms: UUID[];
  readonly users: UUID[];
}
const actors = (): Actors => ({ rooms: [uuid(), uuid(), uuid()], users: [uuid(), uuid(), uuid(), uuid()] });

async function facadeTurn(f: PostgresFixture, a: Actors, n: number, embedding: number[]) {
  const { adapter, agentId } = f;
  const roomId = a.rooms[n % a.rooms.length] as UUID;
  const userId = a.users[n % a.users.length] as UUID;
  await adapter.ensureEntityExists({ id: userId, names: [`user-${n % 4}`], agentId, metadata: {} });
  const [room] = (await adapter.getRoomsByIds([roomId])) ?? [];
  if (!room) {
    await adapter.createRooms([
      { id: roomId, name: 'room', agentId, source: 'bench', type: GROUP, worldId: f.worldId },
    ]);
  }
  if (!(await adapter.isRoomParticipant(roomId, userId))) await adapter.addParticipantsRoom([userId], roomId);
  const memoryId = await adapter.createMemory(
    { id: uuid(), entityId: userId, agentId, roomId, content: { text: `turn ${n}` }, embedding },
    'messages',
  );
  await adapter.getMemories({ roomId, tableName: 'messages', count: 20 });
  await adapter.searchMemories({ embedding, tableName: 'messages', roomId, count: 10, match_threshold: 0.5 });
  await adapter.log({ body: { turn: n, memoryId }, entityId: userId, roomId, type: 'bench' });
}

async function bareTurn(f: PostgresFixture, a: Actors, n: number, embedding: number[]) {
  const sql = f.bare;
  const roomId = a.rooms[n % a.rooms.length] as UUID;
  const userId = a.users[n % a.users.length] as UUID;
  const vec = vectorText(embedding);
  await sql`insert into entities (id, agent_id, names, metadata)
    values (${userId}, ${f.agentId}, ${[`user-${n % 4}`]}, '{}'::jsonb) on conflict do nothing`;
  const [room] = await sql`select * from rooms where id = ${roomId}`;
  if (!room) {
    await sql`insert into rooms (id, name, agent_id, source, type, world_id)
      values (${roomId}, 'room', ${f.agentId}, 'bench', 'GROUP', ${f.worldId})`;
  }
  const [member] = await sql`select 1 from participants where room_id = ${roomId} and entity_id = ${userId}`;
  if (!member) {
    await sql`insert into participants (entity_id, room_id, agent_id) values (${userId}, ${roomId}, ${f.agentId})`;
  }
  const near = await sql`
    select m.id from embeddings e join memories m on m.id = e.memory_id
    where m.type = 'messages' and m.agent_id = ${f.agentId} and m.room_id = ${roomId} and m.entity_id = ${userId}
    order by e.dim_384 <=> ${vec}::vector limit 1`;
  const memoryId = uuid();
  await sql.begin(async (tx) => {
    await tx`insert into memories (id, type, content, entity_id, agent_id, room_id, "unique", metadata)
      values (${memoryId}, 'messages', ${JSON.stringify({ text: `turn ${n}` })}::jsonb, ${userId}, ${f.agentId},
              ${roomId}, ${near.length === 0}, '{}'::jsonb)`;
    await tx`insert into embeddings (memory_id, dim_384) values (${memoryId}, ${vec}::vector)`;
  });
  await sql`select m.*, e.dim_384 from memories m left join embeddings e on e.memory_id = m.id
    where m.type = 'messages' and m.room_id = ${roomId} order by m.created_at desc, m.id desc limit 20`;
  await sql.begin(async (tx) => {
    await tx`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)`;
    await tx`select m.*, e.dim_384, e.dim_384 <=> ${vec}::vector as distance
      from embeddings e join memories m on m.id = e.memory_id
      where m.type = 'messages' and m.agent_id = ${f.agentId} and m.room_id = ${roomId}
      order by e.dim_384 <=> ${vec}::vector limit 10`;
  });
  await sql`insert into logs (entity_id, room_id, body, type)
    values (${userId}, ${roomId}, ${JSON.stringify({ turn: n, memoryId })}::jsonb, 'bench')`;
}

export async function benchAgentTurn(): Promise<BenchRow[]> {
  const f = await createPostgresFixture(1);
  try {
    const source = createEmbeddingSource(5);
    const pool = Array.from({ length: 1_000 }, () => source.next());
    const emb = (n: number) => pool[n % pool.length] ?? [];
    const bareActors = actors();
    const facadeActors = actors();
    const all = { bare: [] as number[], facade: [] as number[] };
    const run = async (name: 'bare' | 'facade', round: number) => {
      const t0 = performance.now();
      for (let i = 0; i < TURNS; i++) {
        const n = round * TURNS + i;
        const t = performance.now();
        if (name === 'bare') await bareTurn(f, bareActors, n, emb(n));
        else await facadeTurn(f, facadeActors, n, emb(n));
        all[name].push(performance.now() - t);
      }
      return TURNS / ((performance.now() - t0) / 1000);
    };
    for (let i = 0; i < 30; i++) {
      await bareTurn(f, bareActors, i, emb(i));
      await facadeTurn(f, facadeActors, i, emb(i));
    }
    const r = await alternate(
      ROUNDS,
      (round) => run('bare', round),
      (round) => run('facade', round),
    );
    const bench = 'agent turn (sequential)';
    return [
      {
        bench,
        metric: 'throughput',
        facade: r.facade,
        bare: r.bare,
        unit: 'turns/s',
        higherIsBetter: true,
        note: `median of ${ROUNDS} alternating rounds of ${TURNS}`,
      },
      {
        bench,
        metric: 'p50',
        facade: percentile(all.facade, 0.5),
        bare: percentile(all.bare, 0.5),
        unit: 'ms',
        higherIsBetter: false,
      },
      {
        bench,
        metric: 'p95',
        facade: percentile(all.facade, 0.95),
        bare: percentile(all.bare, 0.95),
        unit: 'ms',
        higherIsBetter: false,
      },
    ];
  } finally {
    await f.close();
  }
}
