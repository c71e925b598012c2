/**
 * Driver overhead vs a bare PGlite instance (both memory://), same process:
 *   npx tsx --conditions=@eliza-sql/source packages/adapter-pglite/bench/driver-overhead.ts
 */
import { PGlite } from '@electric-sql/pglite';
import { BENCH_ROWS_DDL, compareDriverOverhead } from '@eliza-sql/test-support/bench';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';

const bare = await PGlite.create('memory://');
const driver = await createPgliteDriver({
  dataDir: 'memory://bench',
  registry: createPgliteInstanceRegistry(),
});
try {
  await bare.exec(BENCH_ROWS_DDL);
  await compareDriverOverhead(driver, {
    select: [{ name: "PGlite.query('select 1') (bare)", run: () => bare.query('select 1') }],
    insert: {
      name: 'PGlite.query(insert) (bare)',
      run: (i) => bare.query('insert into bench_rows (note, at) values ($1, $2)', [`bare ${i}`, new Date()]),
    },
  });
} finally {
  await driver.close();
  await bare.close();
}
