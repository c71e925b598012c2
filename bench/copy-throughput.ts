/**
 * Issue #18: `copyDatabase` from PGlite to PostgreSQL against a bare `COPY` of the same rows, in the
 * same run. N memories, each with a 384-dimension embedding, are generated once into COPY text files;
 * the PGlite source is loaded from them (not timed). Bare: `COPY memories` + `COPY embeddings` from
 * those files into a migrated PostgreSQL database, then the HNSW index built once (the fastest way
 * there, the same end state). Ours: `copyDatabase` in a child process (migrate, copy, verify every
 * row on both sides), its resident set size sampled every 50 ms; the peak should not grow with N.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  connectDriver,
  DatabaseMigrationService,
  resolveSqlConfig,
  schema,
  silentSqlLogger,
} from '@eliza-sql/plugin-sql';
import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import postgres from 'postgres';
import type { BenchRow } from './support.js';

const MEMORY_COLUMNS = 'id, type, created_at, content, entity_id, agent_id, room_id, "unique", metadata';
const EMBEDDING_COLUMNS = 'id, memory_id, created_at, dim_384';
const AGENT = '5a1f0c3e-7b2d-4e8f-9a6c-1d2e3f4a5b6c';
const ENTITY = '6b2a1d4f-8c3e-4f90-ab7d-2e3f4a5b6c7d';
const ROOM = '7c3b2e5a-9d4f-4a01-bc8e-3f4a5b6c7d8e';

/** Deterministic float32 values (mulberry32), printed in their shortest exact form. */
function createFloats(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.fround(((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1);
  };
}

/** Writes N memories and their embeddings as COPY text files. */
async function writeCopyFiles(dir: string, n: number): Promise<{ memories: string; embeddings: string }> {
  const paths = { memories: join(dir, 'memories.copy'), embeddings: join(dir, 'embeddings.copy') };
  const memories = createWriteStream(paths.memories);
  const embeddings = createWriteStream(paths.embeddings);
  const next = createFloats(18);
  const write = async (stream: NodeJS.WritableStream, line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const at = new Date(Date.UTC(2024, 0, 1) + i * 1001).toISOString();
    const content = JSON.stringify({ text: `memory ${i} about the mountains`, source: 'bench', n: i / 7 });
    await write(
      memories,
      `${id}\tmessages\t${at}\t${content}\t${ENTITY}\t${AGENT}\t${ROOM}\tt\t{"type":"message"}\n`,
    );
    const vector = Array.from({ length: 384 }, next).join(',');
    await write(embeddings, `${randomUUID()}\t${id}\t${at}\t[${vector}]\n`);
  }
  memories.end();
  embeddings.end();
  await Promise.all([once(memories, 'finish'), once(embeddings, 'finish')]);
  return paths;
}

interface PgliteBlobQuery {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/** Loads a COPY file into PGlite in chunks of `chunk` lines (PGlite copies from an in-memory blob). */
async function loadIntoPglite(pglite: PgliteBlobQuery, table: string, columns: string, file: string) {
  const chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await pglite.query(`COPY ${table} (${columns}) FROM '/dev/blob'`, [], {
      blob: new Blob([chunk.join('')]),
    });
    chunk.length = 0;
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    chunk.push(`${line}\n`);
    if (chunk.length >= 5000) await flush();
  }
  await flush();
}

async function migrate(driver: Awaited<ReturnType<typeof connectDriver>>): Promise<void> {
  const service = new DatabaseMigrationService({ logger: silentSqlLogger });
  service.bind(driver);
  service.registerSchema('@elizaos/plugin-sql', schema);
  await service.runAllPluginMigrations();
}

async function seedParents(run: (sql: string) => Promise<unknown>): Promise<void> {
  await run(`INSERT INTO agents (id, name) VALUES ('${AGENT}', 'bench')`);
  await run(`INSERT INTO entities (id, agent_id, names) VALUES ('${ENTITY}', '${AGENT}', '{user}')`);
  await run(
    `INSERT INTO rooms (id, agent_id, source, type) VALUES ('${ROOM}', '${AGENT}', 'bench', 'GROUP')`,
  );
}

/** Bare: COPY both files into a migrated PostgreSQL database (HNSW dropped), then build the index. */
async function bareCopy(url: string, files: { memories: string; embeddings: string }): Promise<number> {
  const driver = await connectDriver(resolveSqlConfig((key) => (key === 'POSTGRES_URL' ? url : undefined)));
  await migrate(driver);
  await seedParents((text) => driver.query(text));
  const [index] = await driver.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'idx_embeddings_dim_384_hnsw'`,
  );
  await driver.query('DROP INDEX idx_embeddings_dim_384_hnsw');
  await driver.close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t0 = performance.now();
  for (const [table, columns, file] of [
    ['memories', MEMORY_COLUMNS, files.memories],
    ['embeddings', EMBEDDING_COLUMNS, files.embeddings],
  ] as const) {
    const writable = await sql.unsafe(`COPY ${table} (${columns}) FROM STDIN`).writable();
    await pipeline(createReadStream(file), writable);
  }
  await sql.unsafe(index?.def ?? '');
  const ms = performance.now() - t0;
  await sql.end();
  return ms;
}

interface ChildResult {
  totalMs: number;
  copyMs: number;
  inserted: number;
  startRssMb: number;
  peakRssMb: number;
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runCopyChild(dataDir: string, url: string): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./copy-throughput-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@eliza-sql/source', '--import', TSX, script, dataDir, url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error' },
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`copy child exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

/** One size: rows/s of ours and of bare COPY, peak RSS of the copying process. */
async function benchSize(serverUrl: string, n: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'eliza-bench-copy-'));
  const bare = await createTestDatabase(serverUrl, 'eliza_bench_copy_bare');
  const ours = await createTestDatabase(serverUrl, 'eliza_bench_copy_ours');
  try {
    const files = await writeCopyFiles(dir, n);
    const dataDir = join(dir, 'pglite');
    const source = await connectDriver(
      resolveSqlConfig((key) => (key === 'PGLITE_DATA_DIR' ? dataDir : undefined)),
    );
    await migrate(source);
    await seedParents((text) => source.query(text));
    await source.query('DROP INDEX idx_embeddings_dim_384_hnsw'); // the source is only read: no graph needed
    const pglite = source.connection as unknown as PgliteBlobQuery;
    await loadIntoPglite(pglite, 'memories', MEMORY_COLUMNS, files.memories);
    await loadIntoPglite(pglite, 'embeddings', EMBEDDING_COLUMNS, files.embeddings);
    await source.close();
    const rows = 2 * n + 3; // memories, embeddings, agent, entity, room
    const bareMs = await bareCopy(bare.url, files);
    const result = await runCopyChild(dataDir, ours.url);
    if (result.inserted !== rows) throw new Error(`copy inserted ${result.inserted} rows, expected ${rows}`);
    const note = `${n} memories + ${n} embeddings (384 dims); bare: COPY + one HNSW build`;
    return [
      {
        bench: `copy pglite->postgres ${n}`,
        metric: 'rows/s, copy (migrate + copy + index build)',
        facade: (rows * 1000) / result.copyMs,
        bare: (rows * 1000) / bareMs,
        unit: 'rows/s',
        higherIsBetter: true,
        note,
      },
      {
        bench: `copy pglite->postgres ${n}`,
        metric: 'rows/s, end to end (+ row-by-row verification)',
        facade: (rows * 1000) / result.totalMs,
        bare: (rows * 1000) / bareMs,
        unit: 'rows/s',
        higherIsBetter: true,
        note,
      },
      {
        bench: `copy pglite->postgres ${n}`,
        metric: 'peak RSS of the copying process',
        facade: result.peakRssMb,
        bare: undefined,
        unit: 'MB',
        higherIsBetter: false,
        note: `${result.startRssMb.toFixed(0)} MB after opening both databases`,
      },
    ];
  } finally {
    await bare.drop();
    await ours.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The copy benchmark at each size (PostgreSQL required). */
export async function benchCopyThroughput(sizes: readonly number[]): Promise<BenchRow[]> {
  const serverUrl = testPostgresUrl();
  if (!serverUrl) throw new Error('set TEST_POSTGRES_URL');
  const rows: BenchRow[] = [];
  for (const n of sizes) rows.push(...(await benchSize(serverUrl, n)));
  return rows;
}
