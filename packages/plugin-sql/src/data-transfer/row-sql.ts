import type { TransferColumn } from './transfer-table.js';

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The SQL rendering one row as JSON text, the same on every backend (in a transaction with
 * `TimeZone = 'UTC'`): jsonb values as stored, vectors, timestamps and arrays in their text forms,
 * which round-trip exactly, so copying this text and comparing its md5 is exact.
 */
export function renderRowSql(columns: readonly TransferColumn[], alias = 't'): string {
  // jsonb_build_object takes at most 100 arguments: chunk and concatenate (jsonb || is a merge)
  const chunks: string[] = [];
  for (let i = 0; i < columns.length; i += 40) {
    const pairs = columns
      .slice(i, i + 40)
      .map((c) => `'${c.name.replaceAll("'", "''")}', ${alias}.${quoteIdent(c.name)}`);
    chunks.push(`jsonb_build_object(${pairs.join(', ')})`);
  }
  return chunks.length === 0 ? `'{}'::jsonb` : chunks.join(' || ');
}

/** `("a", "b")` over `alias`'s key columns. */
export function keyTupleSql(key: readonly TransferColumn[], alias = 't'): string {
  return `(${key.map((c) => `${alias}.${quoteIdent(c.name)}`).join(', ')})`;
}

/** The record definition `k(a uuid, b text)` of a key, for `jsonb_to_recordset`. */
export function keyRecordSql(key: readonly TransferColumn[]): string {
  return `k(${key.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ')})`;
}

/** Sets the session time zone for this transaction, so timestamps render alike on both sides. */
export const UTC_TIME_ZONE_SQL = `SET LOCAL TimeZone = 'UTC'`;
