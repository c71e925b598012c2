/**
 * Soak test (NOT part of CI): 8 agents sharing one pool run the mixed agent-turn loop on PostgreSQL
 * for `--minutes` and print, per minute, throughput, turn latency, RSS and server connections.
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
 *     npx tsx --conditions=@eliza-sql/source bench/soak.ts --minutes 10 [--agents 8] [--pool 10]
 *
 * One agent turn = ensure entity, room and participant; create a memory with a 384-d embedding; read
 * the room's last 20 memories; semantic search; write a log. It runs in a fresh database (created and
 * dropped by the script) and ends by checking that every acknowledged memory is stored.
 */
import { randomBytes } from 'node:crypto';
import { uuid } from '@eliza-sql/test-support';
import { parseArgs } from 'node:util';
import {
  createAdapterFromConfig,
  resolveSqlConfig,
  type SqlDatabaseAdapter,
  silentSqlLogger,
} from '@eliza-sql/plugin-sql';
import postgres from 'postgres';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    agents: { type: 'string', default: '8' },
    pool: { type: 'string', default: '10' },
    url: { type: 'string' },
  },
});
const minutes = Number(args.minutes);
const agentCount = Number(args.agents);
const serverUrl = args.url ?? process.env.TEST_POSTGRES_URL ?? process.env.POSTGRES_URL;
if (!serverUrl) throw new Error('set TEST_POSTGRES_URL (or --url) to a PostgreSQL server with pgvector');
if (!(minutes > 0) || !(agentCount > 0)) throw new Error('--minutes and --agents must be positive');

// Types from the adapter's own signatures (the root tsconfig cannot resolve @elizaos/core's typings).
type UUID = Parameters<SqlDatabaseAdapter['getMemoryById']>[0];
type RoomType = Parameters<SqlDatabaseAdapter['createRooms']>[0][number]['type'];
const GROUP = 'GROUP' as RoomType; // ChannelType.GROUP
const DIM = 384;
function embeddingFor(seed: number): number[] {
  const v = Array.from({ length: DIM }, (_, i) => Math.sin(seed * 0.37 + i * 0.11));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const dbName = `eliza_soak_${randomBytes(5).toString('hex')}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${dbName}"`);
const target = new URL(serverUrl);
target.pathname = `/${dbName}`;
const url = target.toString();

const config = resolveSqlConfig(
  (key) => ({ POSTGRES_URL: url, POSTGRES_POOL_MAX: args.pool, NODE_ENV: 'production' })[key],
);

interface Agent {
  readonly id: UUID;
  readonly adapter: SqlDatabaseAdapter;
  readonly worldId: UUID;
  readonly rooms: UUID[];
  readonly users: UUID[];
  readonly acked: UUID[];
}

const agents: Agent[] = [];
for (let i = 0; i < agentCount; i++) {
  const id = uuid();
  // Same URL + pool options: every adapter shares one pool from the process-wide registry.
  const adapter = createAdapterFromConfig(config, id, silentSqlLogger);
  await adapter.init();
  await adapter.createAgent({ id, name: `soak-${i}`, bio: ['soak agent'] });
  const worldId = await adapter.createWorld({
    id: uuid(),
    name: `world-${i}`,
    agentId: id,
    messageServerId: uuid(),
  });
  agents.push({
    id,
    adapter,
    worldId,
    rooms: [uuid(), uuid(), uuid()],
    users: [uuid(), uuid(), uuid(), uuid()],
    acked: [],
  });
}

let turns = 0;
let errors = 0;
const errorKinds = new Map<string, number>();
let latencies: number[] = [];
const OPS = ['ensure', 'create', 'recent', 'search', 'log'] as const;
type Op = (typeof OPS)[number];
let opTotals = new Map<Op, { ms: number; n: number }>();
async function timed<T>(op: Op, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const entry = opTotals.get(op) ?? { ms: 0, n: 0 };
    entry.ms += performance.now() - t0;
    entry.n++;
    opTotals.set(op, entry);
  }
}
let stopping = false;

async function turn(agent: Agent, n: number): Promise<void> {
  const { adapter } = agent;
  const roomId = agent.rooms[n % agent.rooms.length] as UUID;
  const userId = agent.users[n % agent.users.length] as UUID;
  await timed('ensure', async () => {
    await adapter.ensureEntityExists({
      id: userId,
      names: [`user-${n % 4}`],
      agentId: agent.id,
      metadata: {},
    });
    const [room] = (await adapter.getRoomsByIds([roomId])) ?? [];
    if (!room) {
      await adapter.createRooms([
        { id: roomId, name: 'room', agentId: agent.id, source: 'soak', type: GROUP, worldId: agent.worldId },
      ]);
    }
    if (!(await adapter.isRoomParticipant(roomId, userId)))
      await adapter.addParticipantsRoom([userId], roomId);
  });
  const embedding = embeddingFor(n);
  const memoryId = await timed('create', () =>
    adapter.createMemory(
      {
        id: uuid(),
        entityId: userId,
        agentId: agent.id,
        roomId,
        content: { text: `turn ${n} of ${agent.id}` },
        embedding,
      },
      'messages',
    ),
  );
  agent.acked.push(memoryId);
  await timed('recent', () => adapter.getMemories({ roomId, tableName: 'messages', count: 20 }));
  await timed('search', () =>
    adapter.searchMemories({ embedding, tableName: 'messages', roomId, count: 10, match_threshold: 0.5 }),
  );
  await timed('log', () =>
    adapter.log({ body: { turn: n, memoryId }, entityId: userId, roomId, type: 'soak' }),
  );
}

async function loop(agent: Agent): Promise<void> {
  for (let n = 0; !stopping; n++) {
    const started = performance.now();
    try {
      await turn(agent, n);
      turns++;
      latencies.push(performance.now() - started);
    } catch (error) {
      errors++;
      const kind = (error as { code?: string }).code ?? (error as Error).name;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
console.log(`soak: ${agentCount} agents, pool max ${args.pool}, ${minutes} min, database ${dbName}`);
console.log(
  `minute | turns/s | p50 ms | p99 ms | errors | RSS MB | heap MB | server connections | mean ms per call: ${OPS.join(' / ')}`,
);
const started = Date.now();
const loops = agents.map((agent) => loop(agent));
let lastTurns = 0;
for (let minute = 1; minute <= minutes; minute++) {
  await new Promise((resolve) => setTimeout(resolve, started + minute * 60_000 - Date.now()));
  const done = turns - lastTurns;
  lastTurns = turns;
  const sorted = latencies.sort((a, b) => a - b);
  latencies = [];
  const perOp = opTotals;
  opTotals = new Map();
  const [activity] = await admin<
    { n: number }[]
  >`select count(*)::int as n from pg_stat_activity where datname = ${dbName}`;
  const mem = process.memoryUsage();
  console.log(
    [
      String(minute).padStart(6),
      (done / 60).toFixed(1).padStart(7),
      pct(sorted, 0.5).toFixed(1).padStart(6),
      pct(sorted, 0.99).toFixed(1).padStart(6),
      String(errors).padStart(6),
      (mem.rss / 2 ** 20).toFixed(0).padStart(6),
      (mem.heapUsed / 2 ** 20).toFixed(0).padStart(7),
      String(activity?.n ?? '?').padStart(18),
      OPS.map((op) => {
        const t = perOp.get(op);
        return t ? (t.ms / t.n).toFixed(1) : '-';
      }).join(' / '),
    ].join(' | '),
  );
}
stopping = true;
await Promise.all(loops);

// Nothing lost: every acknowledged memory is stored, once.
let missing = 0;
let acked = 0;
for (const agent of agents) {
  acked += agent.acked.length;
  for (let i = 0; i < agent.acked.length; i += 1000) {
    const ids = agent.acked.slice(i, i + 1000);
    const found = await agent.adapter.getMemoriesByIds(ids, 'messages');
    missing += ids.length - found.length;
  }
}
const direct = postgres(url, { max: 1, onnotice: () => {} });
const [stored] = await direct<{ n: number }[]>`select count(*)::int as n from memories`;
await direct.end();
console.log(
  `total: ${turns} turns, ${errors} errors ${JSON.stringify(Object.fromEntries(errorKinds))}, ` +
    `${acked} memories acknowledged, ${stored?.n} stored, ${missing} missing`,
);
for (const agent of agents) await agent.adapter.close();
await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.end();
process.exitCode = missing === 0 && stored?.n === acked && errors === 0 ? 0 : 1;
