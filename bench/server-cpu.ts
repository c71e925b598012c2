/**
 * Server CPU of one PostgreSQL database: the user + system time, from /proc, of every backend
 * connected to it (the server runs on this machine). Sampled before and after a step; a backend that
 * started in between counts whole, one that exited in between is lost (pools keep theirs open).
 */
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { requirePostgresUrl } from './support.js';

/** Linux's USER_HZ: /proc times are in 1/100 s. */
const TICK_MS = 10;

let monitor: postgres.Sql | undefined;

async function backendTicks(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export type CpuSample = Map<number, number>;

export async function sampleServerCpu(dbName: string): Promise<CpuSample> {
  monitor ??= postgres(requirePostgresUrl(), { max: 1, onnotice: () => {} });
  const rows = await monitor<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName}`;
  const sample: CpuSample = new Map();
  for (const { pid } of rows) sample.set(pid, await backendTicks(pid));
  return sample;
}

export function serverCpuMs(before: CpuSample, after: CpuSample): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * TICK_MS;
}

export async function closeServerCpuMonitor(): Promise<void> {
  await monitor?.end();
  monitor = undefined;
}
