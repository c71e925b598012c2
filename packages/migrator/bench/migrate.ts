/**
 * Migrator benchmark: the full core schema on an empty database, then no-op runs (what every agent
 * start pays), on PGlite and (with TEST_POSTGRES_URL) PostgreSQL. Ratios are against a bare
 * `SELECT 1` on the same driver in the same process.
 *
 *   npx tsx --conditions=@eliza-sql/source packages/migrator/bench/migrate.ts
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { schema } from '@eliza-sql/core-schema';
import { createTestDatabase } from '@eliza-sql/test-support';
import { createMigrator, createSnapshot, introspect, type MigrationExecutor } from '../src/index.js';

const RUNS = 30;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function bench(name: string, executor: MigrationExecutor): Promise<void> {
  const migrator = createMigrator(executor);
  const t0 = performance.now();
  const first = await migrator.migrate('@eliza-sql/plugin-sql', schema);
  const full = performance.now() - t0;
  const bare = await time(() => executor.query('SELECT 1'));
  const noop = await time(() => migrator.migrate('@eliza-sql/plugin-sql', schema));
  const inspect = await time(() => introspect(executor, ['public']));
  const snapshot = await time(async () => createSnapshot(schema));
  const row = (label: string, ms: number) =>
    console.log(
      `${name.padEnd(9)} ${label.padEnd(34)} ${ms.toFixed(2).padStart(9)} ms  ${(ms / bare).toFixed(1).padStart(7)}x bare`,
    );
  row(`full core schema (${first.statements.length} statements)`, full);
  row('no-op migrate (median)', noop);
  row('introspect public (median)', inspect);
  row('createSnapshot (median)', snapshot);
  row('bare SELECT 1 (median)', bare);
}

const pglite = await createPgliteDriver({ dataDir: `memory://bench-${randomUUID()}` });
try {
  await bench('pglite', pglite);
} finally {
  await pglite.close();
}

const url = process.env.TEST_POSTGRES_URL;
if (url) {
  const db = await createTestDatabase(url, 'eliza_migrator_bench');
  const pg = await createPgDriver({ url: db.url, max: 2 });
  try {
    await bench('postgres', pg);
  } finally {
    await pg.close();
    await db.drop();
  }
} else {
  console.log('postgres  skipped: set TEST_POSTGRES_URL');
}
