/** One Drizzle column → its canonical SQL type and default text. */
import { is, SQL, sql } from 'drizzle-orm';
import { type PgColumn, PgArray, PgDialect } from 'drizzle-orm/pg-core';
import { canonicalType, qualify, quoteLiteral } from './sql-text.js';
import type { ColumnSnapshot } from './types.js';

const dialect = new PgDialect();

/** Renders a Drizzle `sql` fragment as DDL text: params inlined, columns unqualified. */
export function renderSql(fragment: SQL): string {
  return dialect.sqlToQuery(sql`${fragment}`.inlineParams(), 'indexes').sql;
}

interface EnumLike {
  readonly enumName: string;
  readonly schema?: string | undefined;
}

function enumOf(column: PgColumn): EnumLike | null {
  const candidate = (column as unknown as { enum?: unknown }).enum;
  if (candidate && typeof candidate === 'object' && 'enumName' in candidate) return candidate as EnumLike;
  if (typeof candidate === 'function' && 'enumName' in candidate) return candidate as unknown as EnumLike;
  return null;
}

/** The canonical type of a column: built-ins in `format_type` form, enums as `"schema"."name"`. */
export function columnType(column: PgColumn): string {
  if (is(column, PgArray)) return `${columnType(column.baseColumn)}[]`;
  const e = enumOf(column);
  if (e) return qualify(e.schema ?? 'public', e.enumName);
  return canonicalType(column.getSQLType());
}

function arrayLiteral(value: unknown[]): string {
  const items = value.map((item) => {
    if (item === null) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    if (typeof item === 'string') return `"${item.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    return String(item);
  });
  return `{${items.join(',')}}`;
}

/** Serialises a literal `.default(value)` the way drizzle-kit does (SQL text with a cast where needed). */
export function defaultText(column: PgColumn, type: string): string | null {
  if (!column.hasDefault || column.default === undefined) return null;
  const value: unknown = column.default;
  if (is(value, SQL)) return renderSql(value);
  if (value === null) return 'NULL';
  if (type.endsWith('[]') && Array.isArray(value)) return `${quoteLiteral(arrayLiteral(value))}::${type}`;
  if (type === 'json' || type === 'jsonb') return `${quoteLiteral(JSON.stringify(value))}::${type}`;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return quoteLiteral(type === 'date' ? iso.slice(0, 10) : iso.replace('T', ' ').replace('Z', ''));
  }
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return `${quoteLiteral(JSON.stringify(value))}`;
}

/** The snapshot of one column (primary-key-ness and uniqueness are recorded on the table). */
export function columnSnapshot(column: PgColumn): ColumnSnapshot {
  const type = columnType(column);
  const snapshot: { -readonly [K in keyof ColumnSnapshot]: ColumnSnapshot[K] } = {
    name: column.name,
    type,
    notNull: column.notNull || column.primary,
    default: defaultText(column, type),
  };
  if (column.generatedIdentity) {
    snapshot.identity = column.generatedIdentity.type === 'always' ? 'always' : 'by default';
    snapshot.notNull = true;
    snapshot.default = null;
  }
  const generated = column.generated?.as;
  if (generated !== undefined) {
    const expr = typeof generated === 'function' ? generated() : generated;
    snapshot.generated = is(expr, SQL) ? renderSql(expr) : quoteLiteral(String(expr));
    snapshot.default = null;
  }
  return snapshot;
}
