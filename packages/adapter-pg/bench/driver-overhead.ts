/**
 * Driver overhead vs bare postgres.js, same server, same process:
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
 *     npx tsx --conditions=@eliza-sql/source packages/adapter-pg/bench/driver-overhead.ts
 */
import { createTestDatabase } from '@eliza-sql/test-support';
import { compareDriverOverhead } from '@eliza-sql/test-support/bench';
import postgres from 'postgres';
import { createPgDriver, createPgPoolRegistry } from '../src/index.js';

const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl) throw new Error('set TEST_POSTGRES_URL (../shared/postgres-pgvector.sh start prints it)');

const database = await createTestDatabase(serverUrl, 'eliza_pg_bench');
const bare = postgres(database.url, { max: 1, onnotice: () => {} });
const driver = await createPgDriver({ url: database.url, max: 1, registry: createPgPoolRegistry() });
try {
  await compareDriverOverhead(driver, {
    select: [
      { name: 'postgres.js sql`select 1` (bare)', run: () => bare`select 1` },
      {
        name: "postgres.js unsafe('select 1') (bare)",
        run: () =>
          bare.unsafe('select 1', [], { prepare: true, simple: false } as postgres.UnsafeQueryOptions),
      },
    ],
    insert: {
      name: 'postgres.js insert (bare)',
      run: (i) => bare`insert into bench_rows (note, at) values (${`bare ${i}`}, ${new Date()})`,
    },
  });
} finally {
  await driver.close();
  await bare.end();
  await database.drop();
}
