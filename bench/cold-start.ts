/**
 * Start to ready on PGlite, each run a fresh child process: cold (empty directory: create the cluster,
 * load extensions, migrate the core schema) and warm (the same directory again). Bare: PGlite.create
 * on an empty / the same directory. Children run under plain `node` on the BUILT packages (`dist/`,
 * the production path: run `pnpm build` first); tsx would transpile @elizaos/core's bundle on import
 * (+0.5 s, +220 MB peak RSS) and measure the harness, not the package.
 */
import { statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alternate, type BenchRow } from './support.js';

const run = promisify(execFile);
const ROUNDS = 3;
const child = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../packages/plugin-sql/dist/index.js', import.meta.url));

interface ChildResult {
  readyMs: number;
  importMs: number;
  openMs: number;
  peakRssMb: number;
  wallMs: number;
}

async function start(mode: 'facade' | 'bare', dataDir: string): Promise<ChildResult> {
  const t0 = performance.now();
  const { stdout } = await run(
    process.execPath,
    [child, mode, dataDir],
    // production: migrations quiet, as an agent in production starts.
    { env: { ...process.env, NODE_ENV: 'production' } },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(line) as Omit<ChildResult, 'wallMs'>), wallMs: performance.now() - t0 };
}

const builtAt = () => {
  try {
    return statSync(dist).mtime.toISOString().slice(0, 16);
  } catch {
    throw new Error(`${dist} is missing: run \`pnpm build\` before the start benchmark`);
  }
};

export async function benchColdStart(): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), 'eliza-bench-start-'));
  const results: Record<'facade' | 'bare', { cold: ChildResult[]; warm: ChildResult[] }> = {
    facade: { cold: [], warm: [] },
    bare: { cold: [], warm: [] },
  };
  try {
    const once = async (mode: 'facade' | 'bare', round: number) => {
      const dir = join(root, `${mode}-${round}`);
      const cold = await start(mode, dir);
      const warm = await start(mode, dir);
      results[mode].cold.push(cold);
      results[mode].warm.push(warm);
      return 0;
    };
    await alternate(
      ROUNDS,
      (round) => once('bare', round),
      (round) => once('facade', round),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const med = (xs: ChildResult[], key: keyof ChildResult) =>
    [...xs.map((x) => x[key])].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const row = (
    metric: string,
    phase: 'cold' | 'warm',
    key: keyof ChildResult,
    unit: string,
    note?: string,
  ): BenchRow => ({
    bench: `PGlite ${phase} start`,
    metric,
    facade: med(results.facade[phase], key),
    bare: med(results.bare[phase], key),
    unit,
    higherIsBetter: false,
    note,
  });
  return [
    row(
      'process start → ready',
      'cold',
      'readyMs',
      'ms',
      `median of ${ROUNDS}; facade: adapter.init() with core schema migrated; bare: PGlite.create`,
    ),
    row('  of which import', 'cold', 'importMs', 'ms', `plugin-sql dist built ${builtAt()}`),
    row('  of which open/migrate', 'cold', 'openMs', 'ms'),
    row('peak RSS (VmHWM)', 'cold', 'peakRssMb', 'MB'),
    row('spawn → exit (parent wall)', 'cold', 'wallMs', 'ms'),
    row('process start → ready', 'warm', 'readyMs', 'ms', 'same directory again'),
    row('  of which open/migrate', 'warm', 'openMs', 'ms'),
    row('peak RSS (VmHWM)', 'warm', 'peakRssMb', 'MB'),
  ];
}
