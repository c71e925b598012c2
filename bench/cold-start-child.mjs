/**
 * Child process of bench/cold-start.ts (plain JavaScript, so it runs under plain `node` on the built
 * packages, the production path): `<facade|bare> <dataDir>`. Opens PGlite in `dataDir` (facade:
 * createDatabaseAdapter + init(), i.e. connect + core schema migrated; bare: PGlite.create + select 1),
 * then prints one JSON line: ms since process start at ready, ms importing, ms opening, peak RSS (VmHWM).
 */
import { readFileSync } from 'node:fs';

const [mode, dataDir] = process.argv.slice(2);
if ((mode !== 'facade' && mode !== 'bare') || !dataDir) throw new Error('usage: <facade|bare> <dataDir>');

const importStart = performance.now();
let open;
if (mode === 'facade') {
  const { createDatabaseAdapter } = await import('@eliza-sql/plugin-sql');
  open = async () => {
    const adapter = createDatabaseAdapter({ dataDir }, '00000000-0000-4000-8000-000000000001');
    await adapter.init();
    return () => adapter.close();
  };
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  open = async () => {
    const pg = await PGlite.create({ dataDir });
    await pg.query('select 1');
    return () => pg.close();
  };
}
const imported = performance.now();
const close = await open();
const readyAt = performance.now();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
console.log(
  JSON.stringify({
    readyMs: readyAt,
    importMs: imported - importStart,
    openMs: readyAt - imported,
    peakRssMb: hwm ? Number(hwm) / 1024 : process.resourceUsage().maxRSS / 1024,
  }),
);
await close();
