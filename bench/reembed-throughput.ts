/**
 * Re-embedding throughput (issue #17): `reembedMemories` with a zero-cost embed function (vectors
 * taken from a precomputed pool) against a bare batched `UPDATE embeddings ... FROM unnest(ids,
 * vectors)` of the same vectors, in the same process, each on a fresh database holding the same N
 * memories with 384-d vectors, re-embedded into a 768-d space. Reports memories/s, the ratio
 * ours/bare (> 1: ours faster), and this process's RSS sampled over our run (start, peak, end).
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
 *     npx tsx --conditions=@eliza-sql/source bench/reembed-throughput.ts [--sizes 10000,100000] [--backends pglite,postgres]
 *
 * Also registered in bench/run.ts as `--only reembed-throughput`.
 */
import './quiet-logs.js';
import { parseArgs } from 'node:util';
import {
  createAdapterFromConfig,
  reembedMemories,
  resolveSqlConfig,
  type SqlDatabaseAdapter,
  silentSqlLogger,
} from '@eliza-sql/plugin-sql';
import type { Backend } from './compare.js';
import { type AdapterConfig, createPlace, type Place } from './subjects.js';
import { createEmbeddingSource, GROUP, loadAverage, type Memory, type UUID, uuid } from './support.js';

const BATCH = 500;
const POOL = 64;

/** One result row. */
export interface ReembedThroughputRow {
  readonly backend: Backend;
  readonly memories: number;
  readonly oursPerSecond: number;
  readonly barePerSecond: number;
  readonly rssStartMb: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
}

function unitVector(seed: number, dimension: number): number[] {
  let s = seed * 2654435761;
  const v = Array.from({ length: dimension }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
/** The zero-cost model's outputs: the i-th text of a batch gets pool[i % POOL]. */
const pool = Array.from({ length: POOL }, (_, i) => unitVector(i + 1, 768));
const poolText = pool.map((v) => `[${v.map((x) => Math.fround(x).toPrecision(9)).join(',')}]`);

function openAdapter(config: AdapterConfig, agentId: UUID): SqlDatabaseAdapter {
  const settings: Record<string, string> = {
    EMBEDDING_DIMENSION_CHANGE: 'reembed',
    ELIZA_SQL_TIMEOUT_MS: '600000', // loading 1,000 memories per call on a busy machine
    ...('dataDir' in config ? { PGLITE_DATA_DIR: config.dataDir } : { POSTGRES_URL: config.postgresUrl }),
  };
  return createAdapterFromConfig(
    resolveSqlConfig((key) => settings[key]),
    agentId,
    silentSqlLogger,
  );
}

/** A fresh database with N memories holding 384-d vectors, the agent switched to a 768-d model. */
async function prepare(backend: Backend, n: number): Promise<{ place: Place; adapter: SqlDatabaseAdapter }> {
  const place = await createPlace(backend);
  const agentId = uuid();
  const seed = openAdapter(place.config, agentId);
  await seed.init();
  await seed.createAgent({ id: agentId, name: 'bench', bio: ['re-embeds'] });
  await seed.createEntities([{ id: agentId, names: ['bench'], agentId, metadata: {} }]);
  await seed.ensureEmbeddingDimension(384);
  const worldId = await seed.createWorld({ id: uuid(), name: 'w', agentId, messageServerId: uuid() });
  const [roomId] = await seed.createRooms([
    { id: uuid(), name: 'r', agentId, source: 'bench', type: GROUP, worldId },
  ]);
  const source = createEmbeddingSource(17);
  for (let start = 0; start < n; start += 1000) {
    const memories: Memory[] = Array.from({ length: Math.min(1000, n - start) }, (_, i) => ({
      entityId: agentId,
      agentId,
      roomId: roomId as UUID,
      content: { text: `memory ${start + i}` },
      embedding: source.next(),
      unique: true,
    }));
    await seed.createMemories(memories, 'messages');
  }
  await seed.close();
  const adapter = openAdapter(place.config, agentId);
  await adapter.init();
  await adapter.ensureEmbeddingDimension(768);
  return { place, adapter };
}

/** reembedMemories with the zero-cost model; RSS sampled every 100 ms. */
async function runOurs(adapter: SqlDatabaseAdapter, n: number) {
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  const samples = [rss()];
  const timer = setInterval(() => samples.push(rss()), 100);
  const t0 = performance.now();
  const report = await reembedMemories(adapter, {
    batchSize: BATCH,
    concurrency: 2,
    embed: async (texts) => texts.map((_, i) => pool[i % POOL] as number[]),
  });
  const ms = performance.now() - t0;
  clearInterval(timer);
  samples.push(rss());
  if (report.reembedded !== n) throw new Error(`ours re-embedded ${report.reembedded} of ${n}`);
  return { perSecond: (n * 1000) / ms, samples };
}

/** The bare baseline: the same vectors written by one UPDATE ... FROM unnest per batch of ids (read beforehand). */
async function runBare(adapter: SqlDatabaseAdapter, n: number): Promise<number> {
  const connection = await adapter.getConnection();
  const spaceId = adapter.embeddings.active?.id;
  const rows = (
    await connection.query<{ id: string }>('SELECT id::text AS id FROM memories ORDER BY id')
  ).rows.map((r) => r.id);
  const t0 = performance.now();
  for (let start = 0; start < rows.length; start += BATCH) {
    const ids = rows.slice(start, start + BATCH);
    const vectors = ids.map((_, i) => `"${poolText[i % POOL]}"`);
    await connection.query(
      `UPDATE embeddings e SET dim_768 = v.vec, space_id = $3
       FROM unnest($1::uuid[], $2::vector(768)[]) AS v(id, vec) WHERE e.memory_id = v.id`,
      [`{${ids.join(',')}}`, `{${vectors.join(',')}}`, spaceId],
    );
  }
  return (n * 1000) / (performance.now() - t0);
}

export async function benchReembedThroughput(backend: Backend, n: number): Promise<ReembedThroughputRow> {
  const ours = await prepare(backend, n);
  let result: { perSecond: number; samples: number[] };
  try {
    result = await runOurs(ours.adapter, n);
  } finally {
    await ours.adapter.close();
    await ours.place.drop();
  }
  const bare = await prepare(backend, n);
  let barePerSecond: number;
  try {
    barePerSecond = await runBare(bare.adapter, n);
  } finally {
    await bare.adapter.close();
    await bare.place.drop();
  }
  return {
    backend,
    memories: n,
    oursPerSecond: result.perSecond,
    barePerSecond,
    rssStartMb: result.samples[0] ?? 0,
    rssPeakMb: Math.max(...result.samples),
    rssEndMb: result.samples.at(-1) ?? 0,
  };
}

export function formatReembedThroughput(rows: readonly ReembedThroughputRow[]): string {
  const lines = [
    '| backend | memories | ours (memories/s) | bare UPDATE (memories/s) | ours/bare | RSS start / peak / end (MB) |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.backend} | ${r.memories} | ${r.oursPerSecond.toFixed(0)} | ${r.barePerSecond.toFixed(0)} | ` +
        `${(r.oursPerSecond / r.barePerSecond).toFixed(2)}x | ${r.rssStartMb.toFixed(0)} / ${r.rssPeakMb.toFixed(0)} / ${r.rssEndMb.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000' },
      backends: { type: 'string', default: 'pglite,postgres' },
    },
  });
  const rows: ReembedThroughputRow[] = [];
  console.log(`reembed-throughput, node ${process.version}, load average ${loadAverage()}`);
  for (const backend of (values.backends ?? '').split(',') as Backend[]) {
    for (const n of (values.sizes ?? '').split(',').map(Number)) {
      rows.push(await benchReembedThroughput(backend, n));
      console.log(formatReembedThroughput(rows.slice(-1)));
    }
  }
  console.log(`\n${formatReembedThroughput(rows)}\nload average at end ${loadAverage()}`);
}
