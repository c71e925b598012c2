// Fails unless the last `vitest run` executed (and passed) tests on real PostgreSQL.
// Suites that run per backend name themselves with "[postgres]"; .ci/run calls this after the tests.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('../.tmp/vitest-report.json', import.meta.url), 'utf8'));
const results = report.testResults.flatMap((file) => file.assertionResults);
const postgres = results.filter((t) => t.fullName.includes('[postgres]'));
const passed = postgres.filter((t) => t.status === 'passed').length;
const notRun = postgres.filter(
  (t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo',
).length;
console.log(
  `postgres tests: ${passed} passed, ${notRun} not run, of ${postgres.length}; all tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
);
if (passed === 0 || notRun > 0) {
  console.error('PostgreSQL tests did not all run: is TEST_POSTGRES_URL exported?');
  process.exit(1);
}
