import { type SQL, sql } from 'drizzle-orm';
import type { SqlExecutor } from './database-driver.js';

const list = (names: readonly string[]): SQL =>
  sql.join(
    names.map((name) => sql`${name}`),
    sql`, `,
  );

/**
 * The version of each of `names` this server has: the one installed, else the one `CREATE EXTENSION`
 * would install; names it does not have are absent. For `DriverCapabilities`. `pg_extension` answers
 * on every start after the first; `pg_available_extensions` (which reads every extension's control
 * file from disk) is asked only for names not installed yet.
 */
export async function readExtensionVersions(
  executor: SqlExecutor,
  names: readonly string[],
): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const installed = await executor.query<{ name: string; version: string }>(
    sql`select extname as name, extversion as version from pg_extension where extname in (${list(names)})`,
  );
  const versions: Record<string, string> = Object.fromEntries(
    installed.map((row) => [row.name, row.version]),
  );
  const missing = names.filter((name) => !(name in versions));
  if (missing.length > 0) {
    const available = await executor.query<{ name: string; version: string }>(
      sql`select name, default_version as version from pg_available_extensions where name in (${list(missing)})`,
    );
    for (const row of available) versions[row.name] = row.version;
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}
