/**
 * copyDatabase across backends: PGlite -> PostgreSQL -> PGlite (PGlite -> PGlite -> PGlite without a
 * server) of a database filled by a real AgentRuntime conversation plus 20,000 synthetic memories
 * gives identical rows and bit-identical vectors; reruns add nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestDatabase, type TestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CopyProgress, copyDatabase } from '../../src/data-transfer/copy-database.js';
import { addSyntheticRows, runConversation } from './fill-database.js';
import { tableCounts, tableDigests } from './table-digests.js';

const SYNTHETIC_MEMORIES = 20_000;
// Every synthetic memory carries an embedding (PGlite keeps no HNSW graph to build: decision 0012).
const SYNTHETIC_EMBEDDINGS = SYNTHETIC_MEMORIES;
const postgresUrl = testPostgresUrl();
const middle = postgresUrl ? 'postgres' : 'pglite';

describe(`copyDatabase pglite -> ${middle} -> pglite`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'eliza-copy-'));
  const opened: DatabaseDriver[] = [];
  let database: TestDatabase | undefined;
  let source: DatabaseDriver;
  let between: DatabaseDriver;
  let back: DatabaseDriver;

  beforeAll(async () => {
    const sourceDir = join(dir, 'source');
    const agentId = await runConversation({ PGLITE_DATA_DIR: sourceDir }, 'Copier');
    source = await createPgliteDriver({ dataDir: sourceDir });
    opened.push(source);
    await addSyntheticRows(source, agentId, 'Copier', SYNTHETIC_MEMORIES, SYNTHETIC_EMBEDDINGS);
    if (postgresUrl) {
      database = await createTestDatabase(postgresUrl, 'eliza_copy');
      between = await createPgDriver({ url: database.url, max: 4 });
    } else {
      between = await createPgliteDriver({ dataDir: join(dir, 'between') });
    }
    opened.push(between);
    back = await createPgliteDriver({ dataDir: join(dir, 'back') });
    opened.push(back);
  }, 240_000);

  afterAll(async () => {
    for (const driver of opened) await driver.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row there and back, identical row by row, vectors bit for bit, and verifies it', async () => {
    const progress: CopyProgress[] = [];
    const there = await copyDatabase({ from: source, to: between, onProgress: (p) => progress.push(p) });
    const again = await copyDatabase({ from: between, to: back });
    const counts = await tableCounts(source);
    expect(counts.memories).toBeGreaterThan(SYNTHETIC_MEMORIES);
    expect(counts.embeddings).toBeGreaterThan(SYNTHETIC_EMBEDDINGS);
    for (const result of [there, again]) {
      for (const table of result.tables) {
        expect(table.sourceRows, table.table).toBe(counts[table.table]);
        expect(table.matchingRows, table.table).toBe(table.sourceRows);
        expect(table.targetChecksum, table.table).toBe(table.sourceChecksum);
      }
    }
    expect(there.inserted).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(progress.at(-1)).toMatchObject({ phase: 'verify', done: progress.at(-1)?.total });

    const original = await tableDigests(source);
    for (const copy of [await tableDigests(between), await tableDigests(back)]) {
      for (const [table, rows] of Object.entries(original.rows)) {
        expect(copy.rows[table]?.size, table).toBe(rows.size);
        const differing = [...rows].filter(([key, digest]) => copy.rows[table]?.get(key) !== digest);
        expect(differing, table).toEqual([]);
      }
      expect(copy.vectorBits).toEqual(original.vectorBits);
    }
    expect(original.vectorBits.size).toBe(counts.embeddings);
  }, 240_000);

  it('a second run into the same target inserts nothing and still verifies', async () => {
    const before = await tableCounts(between);
    const rerun = await copyDatabase({ from: source, to: between });
    expect(rerun.inserted).toBe(0);
    expect(await tableCounts(between)).toEqual(before);
  }, 120_000);
});
