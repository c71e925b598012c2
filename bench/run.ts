/**
 * The benchmarks, from the repository root:
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres pnpm bench \
 *     [--quick] [--only name,...] [--small 5000] [--sizes 10000,100000] [--pglite-sizes ...] \
 *     [--backends pglite,postgres]
 *
 * By default every workload of issue #16 runs on the bare driver, on the reference
 * (@elizaos/plugin-sql@1.7.2) and on ours, interleaved in this one process, on both backends, each
 * subject in its own fresh database; "ours/ref" and "ours/bare" > 1 mean ours is better. `--quick`:
 * the small size only, with fewer calls. The facade-vs-bare benchmarks of issue #6 (create, bulk,
 * search, get, turn, start) run when named in --only.
 */
import './quiet-logs.js';
import { parseArgs } from 'node:util';
import { benchAgentTurn } from './agent-turn.js';
import { benchColdStart } from './cold-start.js';
import { type Backend, type CompareRow, formatCompareTable } from './compare.js';
import { benchConversationTurn } from './conversation-turn.js';
import { benchCopyThroughput } from './copy-throughput.js';
import { benchCountMemories } from './count-memories.js';
import { benchCreateMemories } from './create-memories.js';
import { benchCreateMemory } from './create-memory.js';
import { benchCreateMemoryNearDuplicates } from './create-memory-near-duplicates.js';
import { benchCreateMemoryNewTable } from './create-memory-new-table.js';
import { benchEntitiesForRoom } from './entities-for-room.js';
import { benchGetMemories } from './get-memories.js';
import { benchNearDuplicateRecall } from './near-duplicate-recall.js';
import { benchReembedThroughput, formatReembedThroughput } from './reembed-throughput.js';
import { benchSearchMemoriesLatency } from './search-memories-latency.js';
import { benchSearchMemories } from './search-memories.js';
import { benchSearchRowsRead } from './search-rows-read.js';
import { closeServerCpuMonitor } from './server-cpu.js';
import { openSession, type Session } from './session.js';
import { type BenchRow, formatTable, loadAverage } from './support.js';
import { benchStartPeakRss } from './start-peak-rss.js';
import { benchWarmStart } from './warm-start.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    small: { type: 'string' },
    sizes: { type: 'string', default: '10000,100000' },
    'pglite-sizes': { type: 'string' },
    backends: { type: 'string', default: 'pglite,postgres' },
  },
});
const sizeList = (flag: string, text: string) => {
  const list = text.split(',').filter(Boolean).map(Number);
  if (list.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`--${flag}: positive integers, got ${text}`);
  return list;
};
const quick = args.quick ?? false;
const small = sizeList('small', args.small ?? (quick ? '2000' : '5000'))[0] ?? 5000;
const large: Record<Backend, number[]> = {
  postgres: quick ? [] : sizeList('sizes', args.sizes ?? ''),
  pglite: quick ? [] : sizeList('pglite-sizes', args['pglite-sizes'] ?? args.sizes ?? ''),
};
const backends = (args.backends ?? '').split(',') as Backend[];
if (backends.some((b) => b !== 'pglite' && b !== 'postgres')) throw new Error(`--backends: pglite,postgres`);
if (backends.includes('postgres') && !process.env.TEST_POSTGRES_URL) {
  throw new Error('set TEST_POSTGRES_URL (a PostgreSQL server with pgvector), or pass --backends pglite');
}

/** Workloads on a loaded data set (session), in this order; `sizes` picks the data sets they run on. */
const sessionWorkloads: Record<string, { run: (s: Session) => Promise<CompareRow[]>; smallOnly?: boolean }> =
  {
    'entities-for-room': { run: benchEntitiesForRoom },
    'count-memories': { run: benchCountMemories },
    'search-latency': { run: benchSearchMemoriesLatency },
    'search-rows-read': { run: benchSearchRowsRead },
    'create-near-duplicates': { run: benchCreateMemoryNearDuplicates, smallOnly: true },
    'near-duplicate-recall': { run: benchNearDuplicateRecall },
    'conversation-turn': { run: benchConversationTurn },
  };
/** Workloads on fresh, empty databases of their own. */
const placeWorkloads: Record<string, (backend: Backend) => Promise<CompareRow[]>> = {
  'create-new-table': (b) => benchCreateMemoryNewTable(b, 1, quick ? 500 : b === 'pglite' ? 5_000 : 10_000),
  'create-concurrent': async (b) =>
    b === 'postgres' ? benchCreateMemoryNewTable(b, 8, quick ? 500 : 10_000) : [],
  'warm-start': (b) => benchWarmStart(b, quick ? 3 : 7),
  'start-peak-rss': async (b) => (b === 'pglite' ? benchStartPeakRss(quick ? 1 : 3) : []),
};
/** Issue #6: the facade against the bare driver only (PostgreSQL), run when named. */
const largest = Math.max(...large.postgres, small);
const facadeOnly: Record<string, () => Promise<BenchRow[]>> = {
  create: () => benchCreateMemory(),
  bulk: () => benchCreateMemories(),
  search: async () => {
    const rows: BenchRow[] = [];
    for (const size of large.postgres.length > 0 ? large.postgres : [small])
      rows.push(...(await benchSearchMemories(size)));
    return rows;
  },
  get: () => benchGetMemories(largest),
  turn: () => benchAgentTurn(),
  start: () => benchColdStart(),
  copy: () => benchCopyThroughput(quick ? [2_000, 10_000] : [20_000, 100_000]),
  'reembed-throughput': async () => {
    for (const backend of backends) {
      for (const size of large[backend].length > 0 ? large[backend] : [small]) {
        console.log(formatReembedThroughput([await benchReembedThroughput(backend, size)]));
      }
    }
    return [];
  },
};

const known = [...Object.keys(placeWorkloads), ...Object.keys(sessionWorkloads), ...Object.keys(facadeOnly)];
const only = args.only
  ? args.only.split(',')
  : [...Object.keys(placeWorkloads), ...Object.keys(sessionWorkloads)];
const unknown = only.filter((name) => !known.includes(name));
if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);

console.log(
  `eliza-sql benchmark, node ${process.version}, ${quick ? 'quick, ' : ''}small ${small}, large ${JSON.stringify(large)}, load average at start ${loadAverage()}`,
);
const rows: CompareRow[] = [];
const report = (name: string, t0: number, result: CompareRow[]) => {
  rows.push(...result);
  console.log(
    `\n${name}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${loadAverage()}`,
  );
  if (result.length > 0) console.log(formatCompareTable(result));
};

try {
  for (const backend of backends) {
    for (const name of only.filter((n) => n in placeWorkloads)) {
      const t0 = performance.now();
      report(`${name} [${backend}]`, t0, (await placeWorkloads[name]?.(backend)) ?? []);
    }
    const selected = only.filter((n) => n in sessionWorkloads);
    if (selected.length === 0) continue;
    for (const size of [small, ...large[backend]]) {
      const names = selected.filter((n) => size === small || !sessionWorkloads[n]?.smallOnly);
      if (names.length === 0) continue;
      const t0 = performance.now();
      const session = await openSession(backend, size, quick);
      console.log(
        `\ndata set [${backend}] ${size} memories loaded into bare, reference and ours in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      try {
        for (const name of names) {
          const t1 = performance.now();
          report(`${name} [${backend}, ${size}]`, t1, (await sessionWorkloads[name]?.run(session)) ?? []);
        }
      } finally {
        await session.close();
      }
    }
  }
  for (const name of only.filter((n) => n in facadeOnly)) {
    const t0 = performance.now();
    const result = (await facadeOnly[name]?.()) ?? [];
    console.log(`\n${name} (facade vs bare): done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    console.log(formatTable(result));
  }
} finally {
  await closeServerCpuMonitor();
}
if (rows.length > 0) {
  console.log(`\nAll results (load average at end ${loadAverage()})\n${formatCompareTable(rows)}`);
}
