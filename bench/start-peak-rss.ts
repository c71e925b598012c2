/**
 * PGlite start in a fresh child process each (plain `node` on the BUILT packages: run `pnpm build`
 * first): time to ready and peak RSS, cold (empty directory) and warm (the same directory again), for
 * ours, the reference and a bare `PGlite.create` with the vector extension. Medians of interleaved
 * rounds, each round a new directory per subject.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type CompareRow, compareRow, interleave, type SubjectName } from './compare.js';
import { median } from './support.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./start-child.mjs', import.meta.url));

interface Start {
  readyMs: number;
  peakRssMb: number;
}

async function start(mode: SubjectName, dataDir: string): Promise<Start> {
  const { stdout } = await run(process.execPath, [child, mode, dataDir], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Start;
}

export async function benchStartPeakRss(rounds: number): Promise<CompareRow[]> {
  const root = await mkdtemp(join(tmpdir(), 'eliza-bench-rss-'));
  const empty = (): Record<SubjectName, Start[]> => ({ bare: [], reference: [], ours: [] });
  const results = { cold: empty(), warm: empty() };
  try {
    const step = (name: SubjectName) => async (round: number) => {
      const dir = join(root, `${name}-${round}`);
      results.cold[name].push(await start(name, dir));
      results.warm[name].push(await start(name, dir));
    };
    await interleave(rounds, [
      ['bare', step('bare')],
      ['reference', step('reference')],
      ['ours', step('ours')],
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const rows: CompareRow[] = [];
  for (const phase of ['cold', 'warm'] as const) {
    const r = results[phase];
    const pick = (key: keyof Start) => ({
      ours: median(r.ours.map((x) => x[key])),
      reference: median(r.reference.map((x) => x[key])),
      bare: median(r.bare.map((x) => x[key])),
    });
    const workload = `PGlite ${phase} start, child process (${phase === 'cold' ? 'empty dir' : 'same dir again'})`;
    rows.push(
      compareRow({
        backend: 'pglite',
        workload,
        metric: 'process start to ready',
        ...pick('readyMs'),
        unit: 'ms',
        higherIsBetter: false,
        note: `median of ${rounds} interleaved rounds; built packages`,
      }),
      compareRow({
        backend: 'pglite',
        workload,
        metric: 'peak RSS (VmHWM)',
        ...pick('peakRssMb'),
        unit: 'MB',
        higherIsBetter: false,
      }),
    );
  }
  return rows;
}
