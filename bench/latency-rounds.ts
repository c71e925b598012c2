/**
 * Sequential calls on every subject in interleaved rounds: each call's latency, and the client CPU
 * (this process) and wall time of all of a subject's calls.
 */
import {
  type Backend,
  type CompareRow,
  compareRow,
  interleave,
  measure,
  type SubjectName,
} from './compare.js';
import type { Subject } from './subjects.js';
import { percentile } from './support.js';

export interface SubjectTimes {
  readonly latencies: number[];
  /** Sum of the rounds' wall time, ms. */
  wallMs: number;
  /** Client CPU of all calls, ms. */
  cpuMs: number;
  calls: number;
}

/** `call(subject)` returns the subject's call for index i, or undefined if the subject has none. */
export async function latencyRounds(
  subjects: readonly Subject[],
  rounds: number,
  callsPerRound: number,
  call: (subject: Subject) => ((i: number) => Promise<unknown>) | undefined,
): Promise<Partial<Record<SubjectName, SubjectTimes>>> {
  const out: Partial<Record<SubjectName, SubjectTimes>> = {};
  const steps: Array<readonly [SubjectName, (round: number) => Promise<void>]> = [];
  for (const s of subjects) {
    const fn = call(s);
    if (!fn) continue;
    const times: SubjectTimes = { latencies: [], wallMs: 0, cpuMs: 0, calls: 0 };
    out[s.name] = times;
    steps.push([
      s.name,
      async (round) => {
        const m = await measure(async () => {
          for (let j = 0; j < callsPerRound; j++) {
            const t0 = performance.now();
            await fn(round * callsPerRound + j);
            times.latencies.push(performance.now() - t0);
          }
        });
        times.wallMs += m.ms;
        times.cpuMs += m.cpuMs;
        times.calls += callsPerRound;
      },
    ]);
  }
  await interleave(rounds, steps);
  return out;
}

/** ops/s, p50, p95 and CPU per call of ours beside the reference and bare. */
export function latencyRows(
  backend: Backend,
  workload: string,
  t: Partial<Record<SubjectName, SubjectTimes>>,
  note?: string,
): CompareRow[] {
  const ours = t.ours;
  const reference = t.reference;
  if (!ours || !reference) throw new Error(`${workload}: ours and the reference must both run`);
  const pick = (f: (x: SubjectTimes) => number) => ({
    ours: f(ours),
    reference: f(reference),
    bare: t.bare ? f(t.bare) : undefined,
  });
  const cpuLabel = backend === 'pglite' ? 'CPU per op (client + engine)' : 'client CPU per op';
  return [
    compareRow({
      backend,
      workload,
      metric: 'ops/s',
      ...pick((x) => x.calls / (x.wallMs / 1000)),
      unit: 'ops/s',
      higherIsBetter: true,
      note,
    }),
    compareRow({
      backend,
      workload,
      metric: 'p50',
      ...pick((x) => percentile(x.latencies, 0.5)),
      unit: 'ms',
      higherIsBetter: false,
    }),
    compareRow({
      backend,
      workload,
      metric: 'p95',
      ...pick((x) => percentile(x.latencies, 0.95)),
      unit: 'ms',
      higherIsBetter: false,
    }),
    compareRow({
      backend,
      workload,
      metric: cpuLabel,
      ...pick((x) => x.cpuMs / x.calls),
      unit: 'ms',
      higherIsBetter: false,
    }),
  ];
}
