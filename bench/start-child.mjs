/**
 * Child process of bench/start-peak-rss.ts (plain JavaScript under plain `node`, on the built packages:
 * the production path): `<ours|reference|bare> <dataDir>`. Starts as the runtime does on `dataDir`
 * (adapters: createDatabaseAdapter + init + runPluginMigrations with the plugin's schema; bare:
 * PGlite.create with the vector extension + `select 1`), then prints one JSON line: ms since process
 * start at ready, and peak RSS (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [mode, dataDir] = process.argv.slice(2);
if (!['ours', 'reference', 'bare'].includes(mode ?? '') || !dataDir) {
  throw new Error('usage: <ours|reference|bare> <dataDir>');
}
const agentId = '00000000-0000-4000-8000-000000000001';
let close;
if (mode === 'bare') {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite/vector');
  const pg = await PGlite.create({ dataDir, extensions: { vector } });
  await pg.query('select 1');
  close = () => pg.close();
} else {
  const fromPluginSql = createRequire(new URL('../packages/plugin-sql/package.json', import.meta.url));
  const module =
    mode === 'ours'
      ? await import('@eliza-sql/plugin-sql')
      : await import(pathToFileURL(fromPluginSql.resolve('@elizaos/plugin-sql')).href);
  const adapter = module.createDatabaseAdapter({ dataDir }, agentId);
  await adapter.init();
  await adapter.runPluginMigrations([{ name: '@elizaos/plugin-sql', schema: module.plugin.schema }], {
    verbose: false,
    force: false,
    dryRun: false,
  });
  close = () => adapter.close();
}
const readyMs = performance.now();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
console.log(
  JSON.stringify({ readyMs, peakRssMb: hwm ? Number(hwm) / 1024 : process.resourceUsage().maxRSS / 1024 }),
);
await close();
