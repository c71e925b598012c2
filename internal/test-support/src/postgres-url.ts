/**
 * The PostgreSQL server tests run against, from `TEST_POSTGRES_URL`.
 *
 * Returns `undefined` when the variable is unset, so suites can `describe.runIf(url)`; but when
 * `ELIZA_SQL_REQUIRE_POSTGRES` is set (CI sets it), a missing URL is an error: PostgreSQL tests must
 * never be silently skipped there.
 */
export function testPostgresUrl(): string | undefined {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url && process.env.ELIZA_SQL_REQUIRE_POSTGRES) {
    throw new Error(
      'TEST_POSTGRES_URL is not set but ELIZA_SQL_REQUIRE_POSTGRES is: start PostgreSQL (../shared/postgres-pgvector.sh start) and export the URL it prints',
    );
  }
  return url || undefined;
}
