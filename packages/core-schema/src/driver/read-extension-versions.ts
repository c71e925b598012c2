import { sql } from 'drizzle-orm';
import type { SqlExecutor } from './database-driver.js';

/**
 * The version of each of `names` this server has available (from `pg_available_extensions`): the one
 * installed, else the one `CREATE EXTENSION` would install; names it does not have are absent. For
 * `DriverCapabilities`.
 */
export async function readExtensionVersions(
  executor: SqlExecutor,
  names: readonly string[],
): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const rows = await executor.query<{ name: string; version: string }>(
    sql`select name, coalesce(installed_version, default_version) as version from pg_available_extensions where name in (${sql.join(
      names.map((name) => sql`${name}`),
      sql`, `,
    )}) order by name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.version]));
}
