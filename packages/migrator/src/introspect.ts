/** Live database → {@link SchemaSnapshot}, in ONE round trip (one scalar subquery per catalog). */
import { catalogFingerprintSql } from './catalog-fingerprint.js';
import { unwrapParens } from './create-snapshot.js';
import * as q from './introspect-queries.js';
import { canonicalType, qualify, quoteLiteral } from './sql-text.js';
import type {
  ColumnSnapshot,
  EnumSnapshot,
  IndexKeySnapshot,
  ReferentialAction,
  SchemaSnapshot,
  SqlExecutorLike,
  TableSnapshot,
} from './types.js';
import { SNAPSHOT_VERSION } from './types.js';

interface ColumnRow {
  schema: string;
  table: string;
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  enumSchema: string | null;
  enumName: string | null;
  enumArray: boolean | null;
  identity: string;
  generated: string;
}
interface ConstraintRow {
  schema: string;
  table: string;
  name: string;
  type: 'p' | 'u' | 'f' | 'c';
  columns: string[] | null;
  refSchema: string | null;
  refTable: string | null;
  refColumns: string[] | null;
  onDelete: string;
  onUpdate: string;
  definition: string;
  nullsNotDistinct: boolean;
}
interface IndexRow {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  method: string;
  where: string | null;
  options: string[] | null;
  keys: { expression: string; isExpression: boolean; opclass: string | null; option: number }[];
}
interface CatalogRow extends Record<string, unknown> {
  tables: unknown;
  columns: unknown;
  constraints: unknown;
  indexes: unknown;
  enums: unknown;
  extensions: unknown;
  schemas: unknown;
  catalog?: unknown;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const SERIALS: Record<string, string> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' };

function columnOf(row: ColumnRow): ColumnSnapshot {
  let type = row.enumName ? qualify(row.enumSchema ?? 'public', row.enumName) : canonicalType(row.type);
  if (row.enumName && row.enumArray) type += '[]';
  let def = row.default;
  if (def?.startsWith('nextval(') && SERIALS[type]) {
    type = SERIALS[type]!;
    def = null;
  }
  const column: { -readonly [K in keyof ColumnSnapshot]: ColumnSnapshot[K] } = {
    name: row.name,
    type,
    notNull: row.notNull,
    default: def,
  };
  if (row.identity === 'a' || row.identity === 'd')
    column.identity = row.identity === 'a' ? 'always' : 'by default';
  if (row.generated === 's') {
    column.generated = def ?? '';
    column.default = null;
  }
  return column;
}

/** Reads the live catalog of `schemas` (default `public`) into a snapshot. */
export async function introspect(
  executor: SqlExecutorLike,
  schemas: readonly string[] = ['public'],
): Promise<SchemaSnapshot> {
  return (await readCatalog(executor, schemas, undefined)).snapshot;
}

/** The live schema, and the catalog fingerprint read in the same statement (so of the same catalog state). */
export interface LiveSchema {
  readonly snapshot: SchemaSnapshot;
  /** {@link catalogFingerprintSql} of the `fingerprintOf` schemas. */
  readonly catalog: string;
}

/**
 * {@link introspect}, plus the catalog fingerprint of the `fingerprintOf` schemas from the same
 * statement: a fingerprint recorded with a verified snapshot then describes exactly the catalog that
 * was verified, even while other sessions commit DDL.
 */
export async function readLiveSchema(
  executor: SqlExecutorLike,
  schemas: readonly string[],
  fingerprintOf: readonly string[],
): Promise<LiveSchema> {
  const { snapshot, catalog } = await readCatalog(executor, schemas, fingerprintOf);
  if (typeof catalog !== 'string') throw new Error('introspection query returned no catalog fingerprint');
  return { snapshot, catalog };
}

async function readCatalog(
  executor: SqlExecutorLike,
  schemas: readonly string[],
  fingerprintOf: readonly string[] | undefined,
): Promise<{ snapshot: SchemaSnapshot; catalog: unknown }> {
  const list = [...new Set(schemas)].map(quoteLiteral).join(', ') || "''";
  const sub = (text: string) => `(${text.replaceAll('$SCHEMAS', list)})`;
  const fingerprint = fingerprintOf ? `, ${catalogFingerprintSql(fingerprintOf)} AS catalog` : '';
  const [row] = await executor.query<CatalogRow>(
    `SELECT ${sub(q.TABLES_QUERY)} AS tables, ${sub(q.COLUMNS_QUERY)} AS columns, ${sub(q.CONSTRAINTS_QUERY)} AS constraints, ` +
      `${sub(q.INDEXES_QUERY)} AS indexes, ${sub(q.ENUMS_QUERY)} AS enums, ${sub(q.EXTENSIONS_QUERY)} AS extensions, ` +
      `${sub(q.SCHEMAS_QUERY)} AS schemas${fingerprint}`,
  );
  if (!row) throw new Error('introspection query returned no row');
  const tables: Record<string, TableSnapshot & { columns: Record<string, ColumnSnapshot> }> = {};
  const mutable = (schema: string, table: string) => tables[`${schema}.${table}`];
  for (const t of json<{ schema: string; name: string }[]>(row.tables)) {
    tables[`${t.schema}.${t.name}`] = {
      schema: t.schema,
      name: t.name,
      columns: {},
      primaryKey: null,
      uniques: {},
      foreignKeys: {},
      checks: {},
      indexes: {},
    };
  }
  for (const c of json<ColumnRow[]>(row.columns)) {
    const t = mutable(c.schema, c.table);
    if (t) t.columns[c.name] = columnOf(c);
  }
  for (const c of json<ConstraintRow[]>(row.constraints)) {
    const t = mutable(c.schema, c.table) as Record<string, unknown> | undefined;
    if (!t) continue;
    const columns = c.columns ?? [];
    if (c.type === 'p') t.primaryKey = { name: c.name, columns };
    else if (c.type === 'u') {
      (t.uniques as Record<string, unknown>)[c.name] = {
        name: c.name,
        columns,
        nullsNotDistinct: c.nullsNotDistinct,
      };
    } else if (c.type === 'f') {
      (t.foreignKeys as Record<string, unknown>)[c.name] = {
        name: c.name,
        columns,
        refSchema: c.refSchema ?? 'public',
        refTable: c.refTable ?? '',
        refColumns: c.refColumns ?? [],
        onDelete: ACTIONS[c.onDelete] ?? 'no action',
        onUpdate: ACTIONS[c.onUpdate] ?? 'no action',
      };
    } else {
      const expression = unwrapParens(c.definition.replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID$/i, ''));
      (t.checks as Record<string, unknown>)[c.name] = { name: c.name, expression };
    }
  }
  for (const i of json<IndexRow[]>(row.indexes)) {
    const t = mutable(i.schema, i.table) as Record<string, unknown> | undefined;
    if (!t) continue;
    const keys: IndexKeySnapshot[] = (i.keys ?? []).map((k) => {
      const desc = (k.option & 1) === 1;
      const nullsFirst = (k.option & 2) === 2;
      return {
        expression: k.isExpression ? unwrapParens(k.expression) : k.expression.replace(/^"(.*)"$/, '$1'),
        isExpression: k.isExpression,
        opclass: k.opclass,
        order: desc ? 'desc' : 'asc',
        nulls: desc ? (nullsFirst ? null : 'last') : nullsFirst ? 'first' : null,
      };
    });
    const withEntries = (i.options ?? []).map((o) => {
      const eq = o.indexOf('=');
      return [o.slice(0, eq), o.slice(eq + 1)] as const;
    });
    (t.indexes as Record<string, unknown>)[i.name] = {
      name: i.name,
      unique: i.unique,
      method: i.method,
      keys,
      where: i.where,
      with: Object.fromEntries(withEntries),
    };
  }
  const enums: Record<string, EnumSnapshot> = {};
  for (const e of json<EnumSnapshot[]>(row.enums)) enums[`${e.schema}.${e.name}`] = e;
  const snapshot: SchemaSnapshot = {
    version: SNAPSHOT_VERSION,
    dialect: 'postgresql',
    schemas: json<string[]>(row.schemas).filter((s) => s !== 'public'),
    extensions: json<string[]>(row.extensions),
    enums,
    tables,
  };
  return { snapshot, catalog: row.catalog };
}
