/**
 * A tiny sequential benchmark for the adapters' bench scripts: each case runs `warmup` times, then
 * `iterations` times one after another; results print as ops/s and as a ratio to the first case
 * (the bare client), all in the same process and run.
 */
export interface BenchCase {
  readonly name: string;
  run(i: number): Promise<unknown>;
}

export interface BenchResult {
  readonly name: string;
  readonly opsPerSecond: number;
  /** opsPerSecond of this case / opsPerSecond of the first (baseline) case. */
  readonly ratio: number;
}

export async function compareOps(
  title: string,
  cases: readonly BenchCase[],
  { iterations = 1000, warmup = 100, rounds = 7 } = {},
): Promise<BenchResult[]> {
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      for (let i = 0; i < warmup; i++) await c.run(i);
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await c.run(warmup + i);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      best.set(c.name, Math.max(best.get(c.name) ?? 0, iterations / seconds));
    }
  }
  const baseline = best.get(cases[0]?.name ?? '') ?? 1;
  const results = cases.map((c) => {
    const opsPerSecond = best.get(c.name) ?? 0;
    return { name: c.name, opsPerSecond, ratio: opsPerSecond / baseline };
  });
  console.log(`\n${title} (${iterations} sequential ops, best of ${rounds} rounds)`);
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(44)} ${r.opsPerSecond.toFixed(0).padStart(8)} ops/s   ${r.ratio.toFixed(2)}x`,
    );
  }
  return results;
}

export {
  BENCH_ROWS_DDL,
  type BareCases,
  type BenchDriver,
  compareDriverOverhead,
} from './compare-driver-overhead.js';
