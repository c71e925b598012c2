/**
 * Retention and online backup (issue #18): how fast pruning removes rows, and what it (and a PGlite
 * backup) costs an agent that keeps writing meanwhile. From the repository root:
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
 *     npx tsx --conditions=@eliza-sql/source bench/retention.ts [--rows 10000] [--backends pglite,postgres]
 *
 * Per backend: `rows` memories with 384-d embeddings in 10 rooms; a writer adds one memory at a time
 * (createMemory) before (baseline) and during `pruneMemories({ maxPerRoom: rows/20 })` (half the rows
 * go) and, on PGlite, during `backupPglite`. Prints rows/s and the writer's latency p50/p99/max.
 */
import './quiet-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  backupPglite,
  createAdapterFromConfig,
  pruneMemories,
  resolveSqlConfig,
  type SqlDatabaseAdapter,
  silentSqlLogger,
} from '@eliza-sql/plugin-sql';
import { createTestDatabase, type TestDatabase } from '@eliza-sql/test-support';
import { DIM, GROUP, loadAverage, percentile, type UUID, uuid } from './support.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    backends: { type: 'string', default: 'pglite,postgres' },
  },
});
const rows = Number(args.rows);
const ROOMS = 10;

interface Writer {
  stop(): Promise<number[]>;
}

/** Adds one memory at a time in its own room until stopped; returns each call's latency in ms. */
function startWriter(adapter: SqlDatabaseAdapter, agentId: UUID, roomId: UUID): Writer {
  const out: number[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const t = performance.now();
      await adapter.createMemory(
        { entityId: agentId, agentId, roomId, content: { text: `live ${i}` } },
        'live',
      );
      out.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve)); // an agent's writes come from I/O events
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return out;
    },
  };
}

const ms = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(1)} ms, p99 ${percentile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length} writes)`;

async function bench(backend: 'pglite' | 'postgres'): Promise<void> {
  let db: TestDatabase | undefined;
  let dir: string | undefined;
  const settings: Record<string, string> = { NODE_ENV: 'production' };
  if (backend === 'postgres') {
    const url = process.env.TEST_POSTGRES_URL;
    if (!url) throw new Error('set TEST_POSTGRES_URL');
    db = await createTestDatabase(url, 'eliza_bench_retention');
    settings.POSTGRES_URL = db.url;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'eliza-bench-retention-'));
    settings.PGLITE_DATA_DIR = join(dir, 'db');
  }
  const agentId = uuid();
  const adapter = createAdapterFromConfig(
    resolveSqlConfig((k) => settings[k]),
    agentId,
    silentSqlLogger,
  );
  try {
    await adapter.init();
    await adapter.ensureEmbeddingDimension(DIM);
    await adapter.createAgent({ id: agentId, name: 'bench' });
    await adapter.createEntities([{ id: agentId, names: ['bench'], agentId, metadata: {} }]);
    const rooms = Array.from({ length: ROOMS + 1 }, () => uuid());
    await adapter.createRooms(rooms.map((id) => ({ id, agentId, source: 'bench', type: GROUP })));
    const driver = await adapter.getDriver();
    const loadStart = performance.now();
    await driver.query(`INSERT INTO memories (id, type, created_at, content, agent_id, room_id, entity_id)
      SELECT gen_random_uuid(), 'messages', now() - (g || ' seconds')::interval, '{"text":"x"}'::jsonb,
        '${agentId}', (ARRAY['${rooms.slice(0, ROOMS).join("','")}'])[1 + g % ${ROOMS}]::uuid, '${agentId}'
      FROM generate_series(1, ${rows}) g`);
    await driver.query(`INSERT INTO embeddings (memory_id, dim_384)
      SELECT id, ('[' || array_to_string(ARRAY(SELECT random() FROM generate_series(1, ${DIM}) WHERE m.id IS NOT NULL), ',') || ']')::vector
      FROM memories m WHERE type = 'messages'`);
    const loaded = ((performance.now() - loadStart) / 1000).toFixed(1);
    const liveRoom = rooms[ROOMS] as UUID;

    const base = startWriter(adapter, agentId, liveRoom);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const baseline = await base.stop();

    const during = startWriter(adapter, agentId, liveRoom);
    const t = performance.now();
    const report = await pruneMemories(adapter, { tables: ['messages'], maxPerRoom: rows / 2 / ROOMS });
    const seconds = (performance.now() - t) / 1000;
    const pruning = await during.stop();
    console.log(
      `\n[${backend}] ${rows} memories with ${DIM}-d embeddings in ${ROOMS} rooms (loaded in ${loaded} s)`,
    );
    console.log(`  writer alone:        ${ms(baseline)}`);
    console.log(
      `  pruneMemories:       removed ${report.total} in ${seconds.toFixed(2)} s = ${Math.round(report.total / seconds)} rows/s (batch 500)`,
    );
    console.log(`  writer during prune: ${ms(pruning)}`);

    if (backend === 'pglite' && dir) {
      const writer = startWriter(adapter, agentId, liveRoom);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const b = performance.now();
      const backup = await backupPglite(adapter, { to: join(dir, 'backup.tar.gz') });
      const backupSeconds = (performance.now() - b) / 1000;
      const backingUp = await writer.stop();
      console.log(
        `  backupPglite:        ${backupSeconds.toFixed(2)} s, ${(backup.dataBytes / 1e6).toFixed(1)} MB data -> ${(backup.bytes / 1e6).toFixed(1)} MB archive`,
      );
      console.log(`  writer during backup: ${ms(backingUp)}`);
    }
  } finally {
    await adapter.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`retention bench, load average ${loadAverage()}`);
for (const backend of (args.backends ?? '').split(',') as ('pglite' | 'postgres')[]) await bench(backend);
