import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*'],
    // The JSON report lets .ci/run prove the PostgreSQL suites really ran (tools/check-postgres-ran.ts).
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]],
  },
});
