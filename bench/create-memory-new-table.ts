/**
 * createMemory(m, 'messages') with `unique` unset (the runtime's shape) into a new, empty database,
 * one memory after another, or from 8 concurrent callers (PostgreSQL, one room per caller): every
 * subject inserts the same memories, in interleaved rounds of a fifth of them, so each round meets a
 * table as full as the others'. CPU per op: this process's (on PGlite the engine's too) and, on
 * PostgreSQL, the server's backends of the subject's database.
 */
import { bareCreateMemory } from './bare-create-memory.js';
import {
  type Backend,
  type CompareRow,
  compareRow,
  interleave,
  measure,
  type SubjectName,
} from './compare.js';
import { createScope, runtimeMemory, seedScope } from './scope.js';
import { sampleServerCpu, serverCpuMs } from './server-cpu.js';
import { openSubjects } from './subjects.js';
import { createEmbeddingSource, throughput, type UUID, uuid } from './support.js';

const ROUNDS = 5;

interface Totals {
  wallMs: number;
  cpuMs: number;
  serverMs: number;
}

export async function benchCreateMemoryNewTable(
  backend: Backend,
  callers: number,
  total: number,
): Promise<CompareRow[]> {
  const scope = createScope(callers);
  const source = createEmbeddingSource(7);
  const planned = Array.from({ length: total }, (_, i) => ({
    id: uuid(),
    roomId: scope.rooms[i % callers] as UUID,
    embedding: source.next(),
  }));
  const { all, closeAll } = await openSubjects(backend, scope.agentId, seedScope(scope));
  try {
    const perRound = Math.ceil(total / ROUNDS);
    const totals = {} as Record<SubjectName, Totals>;
    const steps = all.map((s) => {
      const adapter = s.adapter;
      const sum: Totals = { wallMs: 0, cpuMs: 0, serverMs: 0 };
      totals[s.name] = sum;
      const call = (i: number) => {
        const p = planned[i];
        if (!p) return Promise.resolve();
        const m = runtimeMemory(scope, p.id, p.roomId, `message ${i}`, p.embedding);
        return adapter ? adapter.createMemory(m, 'messages') : bareCreateMemory(s.raw, m, 'messages');
      };
      const step = async (round: number) => {
        const dbName = s.place.dbName;
        const before = dbName ? await sampleServerCpu(dbName) : undefined;
        const start = round * perRound;
        const n = Math.min(perRound, total - start);
        const m = await measure(() => throughput(n, callers, (i) => call(start + i)));
        sum.wallMs += m.ms;
        sum.cpuMs += m.cpuMs;
        if (dbName && before) sum.serverMs += serverCpuMs(before, await sampleServerCpu(dbName));
      };
      return [s.name, step] as const;
    });
    await interleave(ROUNDS, steps);
    const counts = await Promise.all(
      all.map((s) => s.raw.query<{ n: number }>('select count(*)::int as n from memories')),
    );
    const workload = `createMemory ${callers === 1 ? 'sequential' : `${callers} concurrent callers`}, ${total.toLocaleString('en')} into a new table`;
    const pick = (f: (t: Totals) => number) => ({
      ours: f(totals.ours),
      reference: f(totals.reference),
      bare: f(totals.bare),
    });
    const rows = [
      compareRow({
        backend,
        workload,
        metric: 'ops/s',
        ...pick((t) => total / (t.wallMs / 1000)),
        unit: 'ops/s',
        higherIsBetter: true,
        note: `runtime shape (unique unset); ${ROUNDS} interleaved rounds; rows at the end ${counts.map((c) => c[0]?.n).join(' / ')} (bare / ref / ours)`,
      }),
      compareRow({
        backend,
        workload,
        metric: backend === 'pglite' ? 'CPU per op (client + engine)' : 'client CPU per op',
        ...pick((t) => t.cpuMs / total),
        unit: 'ms',
        higherIsBetter: false,
      }),
    ];
    if (backend === 'postgres') {
      rows.push(
        compareRow({
          backend,
          workload,
          metric: 'server CPU per op',
          ...pick((t) => t.serverMs / total),
          unit: 'ms',
          higherIsBetter: false,
          note: "the database's backends, /proc user + system",
        }),
        compareRow({
          backend,
          workload,
          metric: 'client + server CPU per op',
          ...pick((t) => (t.cpuMs + t.serverMs) / total),
          unit: 'ms',
          higherIsBetter: false,
        }),
      );
    }
    return rows;
  } finally {
    await closeAll();
  }
}
