/**
 * A conversation turn as the runtime makes one, on the session's data set: ensure the user entity,
 * the room and the participant; createMemory (unique unset); getMemories(room, 20); searchMemories
 * (room, count 10, match_threshold 0.5); log. Rooms of the data set, users new to them. Bare: the
 * same statements with the driver.
 */
import type { BareDb } from './bare-db.js';
import { bareCreateMemory } from './bare-create-memory.js';
import type { CompareRow } from './compare.js';
import { latencyRounds, latencyRows } from './latency-rounds.js';
import type { Scope } from './scope.js';
import type { Session } from './session.js';
import type { BenchAdapter } from './subjects.js';
import { createEmbeddingSource, GROUP, type UUID, uuid, vectorText } from './support.js';

interface Turn {
  readonly n: number;
  readonly roomId: UUID;
  readonly userId: UUID;
  readonly memoryId: UUID;
  readonly embedding: number[];
}

async function adapterTurn(adapter: BenchAdapter, scope: Scope, t: Turn) {
  const { agentId, worldId } = scope;
  const { roomId, userId, embedding } = t;
  await adapter.ensureEntityExists({ id: userId, names: [`user-${t.n % 4}`], agentId, metadata: {} });
  const [room] = (await adapter.getRoomsByIds([roomId])) ?? [];
  if (!room) {
    await adapter.createRooms([{ id: roomId, name: 'room', agentId, source: 'bench', type: GROUP, worldId }]);
  }
  if (!(await adapter.isRoomParticipant(roomId, userId))) await adapter.addParticipantsRoom([userId], roomId);
  await adapter.createMemory(
    {
      id: t.memoryId,
      entityId: userId,
      agentId,
      roomId,
      worldId,
      content: { text: `turn ${t.n}`, source: 'bench' },
      embedding: [...embedding],
    },
    'messages',
  );
  await adapter.getMemories({ roomId, tableName: 'messages', count: 20 });
  await adapter.searchMemories({ embedding, tableName: 'messages', roomId, count: 10, match_threshold: 0.5 });
  await adapter.log({ body: { turn: t.n, memoryId: t.memoryId }, entityId: userId, roomId, type: 'bench' });
}

async function bareTurn(raw: BareDb, scope: Scope, t: Turn) {
  const { agentId, worldId } = scope;
  const { roomId, userId, embedding } = t;
  await raw.query(
    `insert into entities (id, agent_id, names, metadata) values ($1, $2, $3, '{}'::jsonb) on conflict do nothing`,
    [userId, agentId, [`user-${t.n % 4}`]],
  );
  const [room] = await raw.query('select * from rooms where id = $1', [roomId]);
  if (!room) {
    await raw.query(
      `insert into rooms (id, name, agent_id, source, type, world_id) values ($1, 'room', $2, 'bench', 'GROUP', $3)`,
      [roomId, agentId, worldId],
    );
  }
  const [member] = await raw.query('select 1 from participants where room_id = $1 and entity_id = $2', [
    roomId,
    userId,
  ]);
  if (!member) {
    await raw.query('insert into participants (entity_id, room_id, agent_id) values ($1, $2, $3)', [
      userId,
      roomId,
      agentId,
    ]);
  }
  await bareCreateMemory(
    raw,
    {
      id: t.memoryId,
      entityId: userId,
      agentId,
      roomId,
      worldId,
      content: { text: `turn ${t.n}` },
      embedding,
    },
    'messages',
  );
  await raw.query(
    `select m.*, e.dim_384 from memories m left join embeddings e on e.memory_id = m.id
      where m.type = 'messages' and m.room_id = $1 order by m.created_at desc, m.id desc limit 20`,
    [roomId],
  );
  await raw.query(
    `select m.*, e.dim_384, 1 - (e.dim_384 <=> $1::vector) as similarity
       from embeddings e join memories m on m.id = e.memory_id
      where m.type = 'messages' and m.agent_id = $2 and m.room_id = $3
      order by e.dim_384 <=> $1::vector limit 10`,
    [vectorText(embedding), agentId, roomId],
  );
  await raw.query(`insert into logs (entity_id, room_id, body, type) values ($1, $2, $3::jsonb, 'bench')`, [
    userId,
    roomId,
    JSON.stringify({ turn: t.n, memoryId: t.memoryId }),
  ]);
}

export async function benchConversationTurn(session: Session): Promise<CompareRow[]> {
  const { scope, subjects, quick, backend } = session;
  const rounds = quick ? 3 : 5;
  const perRound = quick ? 30 : 100;
  const rooms = [10, 11, 12].map((i) => scope.rooms[i % scope.rooms.length] as UUID);
  const users = [uuid(), uuid(), uuid(), uuid()];
  const source = createEmbeddingSource(5);
  const turns: Turn[] = Array.from({ length: (rounds + 1) * perRound }, (_, n) => ({
    n,
    roomId: rooms[n % rooms.length] as UUID,
    userId: users[n % users.length] as UUID,
    memoryId: uuid(),
    embedding: source.next(),
  }));
  const call = (offset: number) => (s: (typeof subjects)[number]) => {
    const adapter = s.adapter;
    const turn = (i: number) => turns[offset + i] as Turn;
    return adapter
      ? (i: number) => adapterTurn(adapter, scope, turn(i))
      : (i: number) => bareTurn(s.raw, scope, turn(i));
  };
  await latencyRounds(subjects, 1, perRound, call(0));
  const t = await latencyRounds(subjects, rounds, perRound, call(perRound));
  return latencyRows(
    backend,
    `conversation turn, ${session.size.toLocaleString('en')} memories`,
    t,
    `${rounds} interleaved rounds of ${perRound} turns (first ${perRound} unmeasured)`,
  );
}
