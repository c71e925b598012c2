import { sql } from 'drizzle-orm';
import type { SqlExecutor } from './database-driver.js';

/**
 * The version `CREATE EXTENSION` would install of each of `names` this server has available (from
 * `pg_available_extensions`), by name; names it does not have are absent. For `DriverCapabilities`.
 */
export async function readExtensionVersions(
  executor: SqlExecutor,
  names: readonly string[],
): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const rows = await executor.query<{ name: string; version: string }>(
    sql`select name, default_version as version from pg_available_extensions where name in (${sql.join(
      names.map((name) => sql`${name}`),
      sql`, `,
    )}) order by name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.version]));
}
