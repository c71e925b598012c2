/**
 * Build step (after tsc): runs PGlite's initdb once in a temporary directory, closes it cleanly, and
 * archives the cluster as dist/seed/pglite-cluster.tar.gz. `createPgliteDriver` copies it into new data
 * directories instead of running initdb on every first start (bootstrap: 'bundled').
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createClusterSeed } from '../dist/cluster-seed.js';

const out = fileURLToPath(new URL('../dist/seed/pglite-cluster.tar.gz', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'eliza-sql-seed-'));
try {
  const dataDir = join(work, 'cluster');
  const pglite = await PGlite.create(dataDir);
  await pglite.query('checkpoint');
  await pglite.close();
  const seed = createClusterSeed(dataDir);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, seed);
  console.log(`cluster seed: ${out} (${(seed.length / 1024 / 1024).toFixed(1)} MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
