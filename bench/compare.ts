/**
 * The three-way comparison of issue #16: ours (@eliza-sql/plugin-sql) beside the reference
 * (@elizaos/plugin-sql@1.7.2) and the bare driver, interleaved in one process, one row per figure.
 */
import { loadAverage } from './support.js';

export type Backend = 'pglite' | 'postgres';
export type SubjectName = 'bare' | 'reference' | 'ours';

/** One printed line: ours beside the reference and the bare driver. */
export interface CompareRow {
  readonly backend: Backend;
  readonly workload: string;
  readonly metric: string;
  readonly ours: number;
  readonly reference: number;
  /** undefined: no bare counterpart (the figure is a property of an adapter). */
  readonly bare?: number;
  readonly unit: string;
  /** true: larger is better (ops/s, recall); false: smaller is better (ms, rows read). */
  readonly higherIsBetter: boolean;
  readonly note?: string;
  /** 1-minute load average when the row was measured. */
  readonly load?: string;
}

/** > 1 means ours is better (faster, fewer rows read, higher recall). */
export function speedup(
  ours: number,
  other: number | undefined,
  higherIsBetter: boolean,
): number | undefined {
  if (other === undefined || other === 0 || ours === 0) return undefined;
  return higherIsBetter ? ours / other : other / ours;
}

const fmt = (n: number) =>
  Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3);
const ratio = (r: number | undefined) => (r === undefined ? '-' : `${r.toFixed(2)}x`);

export function formatCompareTable(rows: readonly CompareRow[]): string {
  const header = [
    'backend',
    'workload',
    'metric',
    'ours',
    'reference',
    'bare',
    'unit',
    'ours/ref',
    'ours/bare',
    'load',
    'note',
  ];
  const body = rows.map((r) => [
    r.backend,
    r.workload,
    r.metric,
    fmt(r.ours),
    fmt(r.reference),
    r.bare === undefined ? '-' : fmt(r.bare),
    r.unit,
    ratio(speedup(r.ours, r.reference, r.higherIsBetter)),
    ratio(speedup(r.ours, r.bare, r.higherIsBetter)),
    r.load ?? '',
    r.note ?? '',
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** A row with the current load average attached. */
export const compareRow = (row: Omit<CompareRow, 'load'>): CompareRow => ({
  ...row,
  load: loadAverage().split(' ')[0],
});

/** Wall time and client CPU (this process: on PGlite that includes the engine) of one call. */
export interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  readonly cpuMs: number;
}

export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Runs each subject's step once per round, the order rotating every round (bare, reference, ours;
 * reference, ours, bare; ...), so load changes on a shared machine hit every subject alike.
 */
export async function interleave<T>(
  rounds: number,
  steps: ReadonlyArray<readonly [SubjectName, (round: number) => Promise<T>]>,
): Promise<Record<SubjectName, T[]>> {
  const out: Record<SubjectName, T[]> = { bare: [], reference: [], ours: [] };
  for (let round = 0; round < rounds; round++) {
    const shift = round % steps.length;
    for (const [name, step] of [...steps.slice(shift), ...steps.slice(0, shift)]) {
      out[name].push(await step(round));
    }
  }
  return out;
}
