/**
 * Shared pieces of the issue #6 benchmark: timing, the result table (facade vs bare driver, as a ratio),
 * clustered synthetic embeddings, and a fresh PostgreSQL fixture (database + adapter + agent/world/room).
 */
import { loadavg } from 'node:os';
import {
  createAdapterFromConfig,
  resolveSqlConfig,
  type SqlDatabaseAdapter,
  silentSqlLogger,
} from '@eliza-sql/plugin-sql';
import { createTestDatabase, type TestDatabase, uuid } from '@eliza-sql/test-support';
import postgres from 'postgres';

// Types from the adapter's own signatures (the root tsconfig cannot resolve @elizaos/core's typings).
export type UUID = Parameters<SqlDatabaseAdapter['getMemoryById']>[0];
export type Memory = Parameters<SqlDatabaseAdapter['createMemory']>[0];
type RoomType = Parameters<SqlDatabaseAdapter['createRooms']>[0][number]['type'];
export const GROUP = 'GROUP' as RoomType; // ChannelType.GROUP
export { uuid };
export const DIM = 384;

/** One line of the result table: the facade's figure beside the bare driver's. */
export interface BenchRow {
  readonly bench: string;
  readonly metric: string;
  readonly facade: number;
  readonly bare: number | undefined;
  readonly unit: string;
  /** true: larger is better (ops/s); false: smaller is better (ms). */
  readonly higherIsBetter: boolean;
  readonly note?: string;
}

/** facade / bare for throughput, bare / facade for latency: > 1 means the facade is faster. */
export function relativeSpeed(row: BenchRow): number | undefined {
  if (row.bare === undefined || row.bare === 0 || row.facade === 0) return undefined;
  return row.higherIsBetter ? row.facade / row.bare : row.bare / row.facade;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'metric', 'facade', 'bare', 'unit', 'speed vs bare', 'note'];
  const body = rows.map((r) => {
    const ratio = relativeSpeed(r);
    return [
      r.bench,
      r.metric,
      fmt(r.facade),
      r.bare === undefined ? '-' : fmt(r.bare),
      r.unit,
      ratio === undefined ? '-' : `${ratio.toFixed(2)}x`,
      r.note ?? '',
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0;
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

/** Latency of each of `n` sequential calls, in ms. */
export async function latencies(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Throughput (ops/s) of `n` calls made by `callers` concurrent loops. */
export async function throughput(
  n: number,
  callers: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Runs `bare` and `facade` alternately for `rounds` rounds (so load changes on the shared machine hit
 * both) and returns the median of the rounds' figures.
 */
export async function alternate(
  rounds: number,
  bare: (round: number) => Promise<number>,
  facade: (round: number) => Promise<number>,
): Promise<{ bare: number; facade: number }> {
  const b: number[] = [];
  const f: number[] = [];
  for (let round = 0; round < rounds; round++) {
    b.push(await bare(round));
    f.push(await facade(round));
  }
  return { bare: median(b), facade: median(f) };
}

/** Deterministic PRNG (mulberry32) and a standard normal from it (Box-Muller). */
export function createRandom(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const normalise = (v: number[]): number[] => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

/**
 * Clustered unit vectors: `clusters` random centroids, each point a centroid plus gaussian noise of
 * total norm ≈ `noise`, normalised (so HNSW recall is meaningful, unlike uniform random vectors).
 */
export function createEmbeddingSource(seed = 42, clusters = 100, noise = 0.8) {
  const rng = createRandom(seed);
  const centroids = Array.from({ length: clusters }, () =>
    normalise(Array.from({ length: DIM }, () => rng.normal())),
  );
  const sigma = noise / Math.sqrt(DIM);
  return {
    next(): number[] {
      const c = centroids[Math.floor(rng.uniform() * clusters)] ?? [];
      return normalise(c.map((x) => x + rng.normal() * sigma));
    },
  };
}

/** pgvector's text form at full precision: what the facade sends, so the bare statements send it too. */
export const vectorText = (v: readonly number[]): string => `[${v.join(',')}]`;

/** 6 significant digits: half the bytes, for loading the search data sets (not a comparison). */
export const compactVectorText = (v: readonly number[]): string =>
  `[${v.map((x) => x.toPrecision(6)).join(',')}]`;

/** A fresh database with a migrated adapter, one agent, world, entity and `rooms` rooms. */
export interface PostgresFixture {
  readonly db: TestDatabase;
  readonly adapter: SqlDatabaseAdapter;
  readonly bare: postgres.Sql;
  readonly agentId: UUID;
  readonly worldId: UUID;
  readonly entityId: UUID;
  readonly rooms: UUID[];
  close(): Promise<void>;
}

export function requirePostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('set TEST_POSTGRES_URL to a PostgreSQL server with pgvector');
  return url;
}

export async function createPostgresFixture(rooms = 1, poolMax = 10): Promise<PostgresFixture> {
  const db = await createTestDatabase(requirePostgresUrl(), 'eliza_bench');
  const agentId = uuid();
  const config = resolveSqlConfig(
    (key) => ({ POSTGRES_URL: db.url, POSTGRES_POOL_MAX: String(poolMax), NODE_ENV: 'production' })[key],
  );
  const adapter = createAdapterFromConfig(config, agentId, silentSqlLogger);
  const bare = postgres(db.url, { max: poolMax, onnotice: () => {} });
  try {
    await adapter.init();
    await adapter.ensureEmbeddingDimension(DIM);
    await adapter.createAgent({ id: agentId, name: 'bench', bio: ['bench agent'] });
    const worldId = await adapter.createWorld({
      id: uuid(),
      name: 'bench',
      agentId,
      messageServerId: uuid(),
    });
    const entityId = uuid();
    await adapter.createEntities([{ id: entityId, names: ['user'], agentId, metadata: {} }]);
    const roomIds = Array.from({ length: rooms }, () => uuid());
    await adapter.createRooms(
      roomIds.map((id, i) => ({ id, name: `room-${i}`, agentId, source: 'bench', type: GROUP, worldId })),
    );
    return {
      db,
      adapter,
      bare,
      agentId,
      worldId,
      entityId,
      rooms: roomIds,
      async close() {
        await adapter.close();
        await bare.end();
        await db.drop();
      },
    };
  } catch (err) {
    await adapter.close().catch(() => undefined);
    await bare.end().catch(() => undefined);
    await db.drop();
    throw err;
  }
}

/** A memory of the fixture's agent/entity in `roomId`, with a 384-d embedding. */
export function benchMemory(f: PostgresFixture, roomId: UUID, text: string, embedding: number[]): Memory {
  return {
    id: uuid(),
    entityId: f.entityId,
    agentId: f.agentId,
    roomId,
    worldId: f.worldId,
    content: { text },
    embedding,
  };
}
