/**
 * A digest of the catalog rows a schema's shape lives in: namespaces, relations (tables, indexes,
 * sequences, and the targets of foreign keys), columns, defaults, constraints, types and enum labels
 * of those namespaces, and extensions, each row by its oid and `xmin`. Indexes need no pg_index row:
 * an index's definition cannot change in place, and creating, dropping, renaming or re-optioning one
 * changes its pg_class row. A column's type change rewrites its pg_attribute row.
 *
 * Why `xmin`: PostgreSQL never changes a catalog row in place for DDL; every ALTER, RENAME, DROP or
 * CREATE writes a new row version (new `xmin`) or removes or adds a row. The in-place exceptions
 * (VACUUM / ANALYZE statistics, relfrozenxid, index build flags) touch no field the introspection
 * reads. So an unchanged digest means an unchanged shape, and computing it costs no deparsing
 * (`pg_get_indexdef`, `pg_get_expr`, `format_type`), which is what makes introspection slow. Changes
 * that leave the shape alone (GRANT, TRUNCATE, ENABLE ROW LEVEL SECURITY) change the digest too: that
 * only sends the next run down the full introspection path once.
 */
import { quoteLiteral } from './sql-text.js';
import type { SchemaSnapshot, SqlExecutorLike } from './types.js';

/**
 * The schemas a fingerprint covers for `desired`: `public` and every schema it declares or puts a
 * table or enum in. Foreign-key targets elsewhere are covered through the constraints themselves.
 */
export function fingerprintSchemas(desired: SchemaSnapshot): string[] {
  const set = new Set<string>(['public', ...desired.schemas]);
  for (const t of Object.values(desired.tables)) set.add(t.schema);
  for (const e of Object.values(desired.enums)) set.add(e.schema);
  return [...set].sort();
}

/** A scalar SQL subquery computing the fingerprint of `schemas` (md5 hex text). */
export function catalogFingerprintSql(schemas: readonly string[]): string {
  const list = [...new Set(schemas)].map(quoteLiteral).join(', ') || "''";
  return `(WITH nsp AS (SELECT oid, xmin FROM pg_namespace WHERE nspname IN (${list})),
  rel AS (
    SELECT c.oid, c.xmin FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM nsp)
    UNION
    SELECT r.oid, r.xmin FROM pg_constraint co JOIN pg_class r ON r.oid = co.confrelid
    WHERE co.connamespace IN (SELECT oid FROM nsp)),
  facts AS (
    SELECT 'n' || oid || ':' || xmin AS f FROM nsp
    UNION ALL SELECT 'c' || oid || ':' || xmin FROM rel
    UNION ALL SELECT 'a' || attrelid || '.' || attnum || ':' || xmin FROM pg_attribute
      WHERE attrelid IN (SELECT oid FROM rel) AND attnum > 0
    UNION ALL SELECT 'd' || oid || ':' || xmin FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM rel)
    UNION ALL SELECT 'k' || oid || ':' || xmin FROM pg_constraint
      WHERE connamespace IN (SELECT oid FROM nsp) OR conrelid IN (SELECT oid FROM rel)
    UNION ALL SELECT 't' || oid || ':' || xmin FROM pg_type WHERE typnamespace IN (SELECT oid FROM nsp)
    UNION ALL SELECT 'e' || e.oid || ':' || e.xmin FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      WHERE t.typnamespace IN (SELECT oid FROM nsp)
    UNION ALL SELECT 'x' || oid || ':' || xmin || ':' || extversion FROM pg_extension)
  SELECT md5(string_agg(f, ',' ORDER BY f)) FROM facts)`;
}

/** Reads the fingerprint of `schemas` now. */
export async function readCatalogFingerprint(
  executor: SqlExecutorLike,
  schemas: readonly string[],
): Promise<string> {
  const [row] = await executor.query<{ catalog: string }>(
    `SELECT ${catalogFingerprintSql(schemas)} AS catalog`,
  );
  if (!row) throw new Error('catalog fingerprint query returned no row');
  return row.catalog;
}
