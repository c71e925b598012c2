/**
 * Child of bench/copy-throughput.ts: copies the PGlite directory `argv[2]` into the PostgreSQL
 * database `argv[3]` with copyDatabase, sampling its own resident set size, and prints one JSON line.
 */
import { connectDriver, copyDatabase, resolveSqlConfig } from '@eliza-sql/plugin-sql';

const [dataDir, url] = process.argv.slice(2);
if (!dataDir || !url) throw new Error('usage: copy-throughput-child <PGlite dir> <postgres URL>');
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const from = await connectDriver(
  resolveSqlConfig((key) => (key === 'PGLITE_DATA_DIR' ? dataDir : undefined)),
);
const to = await connectDriver(resolveSqlConfig((key) => (key === 'POSTGRES_URL' ? url : undefined)));
const startRss = process.memoryUsage().rss;
const t0 = performance.now();
let copiedAt: number | undefined;
const result = await copyDatabase({
  from,
  to,
  onProgress: (p) => {
    if (p.phase === 'verify' && copiedAt === undefined) copiedAt = performance.now();
  },
});
const totalMs = performance.now() - t0;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await from.close();
await to.close();
console.log(
  JSON.stringify({
    totalMs,
    copyMs: (copiedAt ?? t0 + totalMs) - t0,
    inserted: result.inserted,
    startRssMb: startRss / 2 ** 20,
    peakRssMb: peakRss / 2 ** 20,
  }),
);
