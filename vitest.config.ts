import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*'],
    // The JSON report lets .ci/run prove the PostgreSQL suites really ran (tools/check-postgres-ran.mjs).
    // The Bun run writes its own report so it never overwrites the main one.
    reporters: [
      'default',
      ['json', { outputFile: process.env.ELIZA_SQL_VITEST_REPORT ?? '.tmp/vitest-report.json' }],
    ],
  },
});
