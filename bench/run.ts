/**
 * The issue #6 benchmark: the facade (@eliza-sql/plugin-sql) beside the bare driver (postgres.js /
 * PGlite), same work, same run.
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres pnpm bench \
 *     [--only create,bulk,search,get,turn,start] [--sizes 10000,100000]
 *
 * Each PostgreSQL benchmark runs in its own fresh database (created and dropped); PGlite in a temp dir.
 * "speed vs bare" > 1 means the facade is faster: bare latency / facade latency, or facade ops/s /
 * bare ops/s.
 */
import { parseArgs } from 'node:util';
import { benchAgentTurn } from './agent-turn.js';
import { benchColdStart } from './cold-start.js';
import { benchCreateMemories } from './create-memories.js';
import { benchCreateMemory } from './create-memory.js';
import { benchGetMemories } from './get-memories.js';
import { benchSearchMemories } from './search-memories.js';
import { type BenchRow, formatTable, loadAverage } from './support.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    sizes: { type: 'string', default: '10000,100000' },
  },
});
const sizes = (args.sizes ?? '').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
  throw new Error(`--sizes: positive integers, got ${args.sizes}`);
const largest = Math.max(...sizes);

const benches: Record<string, () => Promise<BenchRow[]>> = {
  create: () => benchCreateMemory(),
  bulk: () => benchCreateMemories(),
  search: async () => {
    const rows: BenchRow[] = [];
    for (const size of sizes) rows.push(...(await benchSearchMemories(size)));
    return rows;
  },
  get: () => benchGetMemories(largest),
  turn: () => benchAgentTurn(),
  start: () => benchColdStart(),
};
const only = args.only ? args.only.split(',') : Object.keys(benches);
const unknown = only.filter((name) => !(name in benches));
if (unknown.length > 0)
  throw new Error(`--only: unknown ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);

console.log(`eliza-sql benchmark, node ${process.version}, load average at start ${loadAverage()}`);
const rows: BenchRow[] = [];
for (const name of only) {
  const t0 = performance.now();
  const result = await benches[name]?.();
  rows.push(...(result ?? []));
  console.log(
    `${name}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${loadAverage()}`,
  );
  console.log(formatTable(result ?? []));
}
console.log(`\nAll results (load average at end ${loadAverage()})\n${formatTable(rows)}`);
