/** Drizzle schema object → {@link SchemaSnapshot}. Pure: no database. */
import { is, SQL } from 'drizzle-orm';
import {
  getTableConfig,
  type IndexedColumn,
  isPgEnum,
  type PgEnum,
  PgSchema,
  PgTable,
} from 'drizzle-orm/pg-core';
import { hashJson } from './canonical-json.js';
import { columnSnapshot, renderSql } from './column-snapshot.js';
import { InvalidSchemaError } from './errors.js';
import type {
  CheckSnapshot,
  EnumSnapshot,
  ForeignKeySnapshot,
  IndexKeySnapshot,
  IndexSnapshot,
  ReferentialAction,
  SchemaSnapshot,
  TableSnapshot,
  UniqueSnapshot,
} from './types.js';
import { SNAPSHOT_VERSION } from './types.js';

/** Options of {@link createSnapshot}. */
export interface CreateSnapshotOptions {
  /** Extensions to require in addition to the detected ones (`vector`, `fuzzystrmatch`, `pg_trgm`). */
  readonly extensions?: readonly string[];
  /**
   * Index access methods the target backend does not build (e.g. `hnsw` on an embedded engine): indexes
   * using them are left out of the snapshot, so they are not created, and dropped where they exist.
   */
  readonly skipIndexMethods?: readonly string[];
}

/** A Drizzle pg schema: the module-like object of tables, enums and `pgSchema`s a plugin exports. */
export type DrizzleSchema = Readonly<Record<string, unknown>>;

/** PostgreSQL truncates identifiers to 63 bytes; the snapshot stores what the catalog will show. */
function ident(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  return bytes.length <= 63
    ? name
    : bytes
        .subarray(0, 63)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
}

function action(value: string | undefined): ReferentialAction {
  return (value ?? 'no action').toLowerCase() as ReferentialAction;
}

/** Strips parentheses wrapping the whole text. */
export function unwrapParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) {
    let depth = 0;
    for (let i = 0; i < t.length - 1; i++) {
      if (t[i] === '(') depth++;
      else if (t[i] === ')') depth--;
      if (depth === 0) return t;
    }
    t = t.slice(1, -1).trim();
  }
  return t;
}

/** An expression key; a trailing operator class (`(x::halfvec(3) ) halfvec_cosine_ops`) is split off. */
function expressionKey(text: string): IndexKeySnapshot {
  const m = /^([\s\S]*\))\s+([a-z_][a-z0-9_]*_ops)$/i.exec(text.trim());
  return {
    expression: unwrapParens(m ? m[1]! : text),
    isExpression: true,
    opclass: m ? m[2]! : null,
    order: 'asc',
    nulls: null,
  };
}

function tableSnapshot(table: PgTable): TableSnapshot {
  const config = getTableConfig(table);
  const schema = config.schema ?? 'public';
  const columns: Record<string, ReturnType<typeof columnSnapshot>> = {};
  let primaryKey: TableSnapshot['primaryKey'] = null;
  const uniques: Record<string, UniqueSnapshot> = {};
  for (const column of config.columns) {
    columns[column.name] = columnSnapshot(column);
    if (column.primary) primaryKey = { name: null, columns: [column.name] };
    if (column.isUnique) {
      const name = ident(column.uniqueName ?? `${config.name}_${column.name}_unique`);
      uniques[name] = {
        name,
        columns: [column.name],
        nullsNotDistinct: column.uniqueType === 'not distinct',
      };
    }
  }
  for (const pk of config.primaryKeys) {
    primaryKey = { name: ident(pk.getName()), columns: pk.columns.map((c) => c.name) };
    for (const c of pk.columns) columns[c.name] = { ...columns[c.name]!, notNull: true };
  }
  for (const u of config.uniqueConstraints) {
    const cols = u.columns.map((c) => c.name);
    const name = ident(u.getName() ?? `${config.name}_${cols.join('_')}_unique`);
    uniques[name] = { name, columns: cols, nullsNotDistinct: u.nullsNotDistinct };
  }
  const foreignKeys: Record<string, ForeignKeySnapshot> = {};
  for (const fk of config.foreignKeys) {
    const ref = fk.reference();
    const target = getTableConfig(ref.foreignTable);
    const name = ident(fk.getName());
    foreignKeys[name] = {
      name,
      columns: ref.columns.map((c) => c.name),
      refSchema: target.schema ?? 'public',
      refTable: target.name,
      refColumns: ref.foreignColumns.map((c) => c.name),
      onDelete: action(fk.onDelete),
      onUpdate: action(fk.onUpdate),
    };
  }
  const checks: Record<string, CheckSnapshot> = {};
  for (const c of config.checks)
    checks[ident(c.name)] = { name: ident(c.name), expression: renderSql(c.value) };
  const indexes: Record<string, IndexSnapshot> = {};
  for (const index of config.indexes) {
    const ic = index.config;
    const keys: IndexKeySnapshot[] = ic.columns.map((col) => {
      if (is(col, SQL)) return expressionKey(renderSql(col));
      const indexed = col as IndexedColumn;
      const cfg = indexed.indexConfig ?? {};
      const order = cfg.order === 'desc' ? 'desc' : 'asc';
      const defaultNulls = order === 'desc' ? 'first' : 'last';
      return {
        expression: indexed.name ?? '',
        isExpression: false,
        opclass: cfg.opClass ?? null,
        order,
        nulls:
          (cfg.nulls === 'first' || cfg.nulls === 'last') && cfg.nulls !== defaultNulls ? cfg.nulls : null,
      };
    });
    if (!ic.name && keys.some((k) => k.isExpression)) {
      throw new InvalidSchemaError(
        `Table ${schema}.${config.name} has an expression index without a name: give it one with index('name')`,
      );
    }
    const name = ident(ic.name ?? `${config.name}_${keys.map((k) => k.expression).join('_')}_index`);
    const withEntries = Object.entries(ic.with ?? {}).map(([k, v]) => [k, String(v)] as const);
    indexes[name] = {
      name,
      unique: ic.unique,
      method: (ic.method ?? 'btree').toLowerCase(),
      keys,
      where: ic.where ? renderSql(ic.where) : null,
      with: Object.fromEntries(withEntries),
    };
  }
  return { schema, name: config.name, columns, primaryKey, uniques, foreignKeys, checks, indexes };
}

const VECTOR_TYPE = /^(vector|halfvec|sparsevec)\b/;
const VECTOR_OPCLASS = /^(vector|halfvec|sparsevec|bit)_/;
const FUZZY_FN = /\b(levenshtein|soundex|difference|metaphone|dmetaphone)\s*\(/i;

function detectExtensions(tables: readonly TableSnapshot[]): Set<string> {
  const found = new Set<string>();
  for (const t of tables) {
    const texts: string[] = Object.values(t.checks).map((c) => c.expression);
    for (const c of Object.values(t.columns)) {
      if (VECTOR_TYPE.test(c.type)) found.add('vector');
      if (c.default) texts.push(c.default);
    }
    for (const i of Object.values(t.indexes)) {
      if (i.method === 'hnsw' || i.method === 'ivfflat') found.add('vector');
      for (const k of i.keys) {
        if (k.opclass && VECTOR_OPCLASS.test(k.opclass)) found.add('vector');
        if (k.opclass?.includes('trgm')) found.add('pg_trgm');
        if (k.isExpression) texts.push(k.expression);
        if (/::(halfvec|vector|sparsevec)\b/.test(k.expression)) found.add('vector');
      }
      if (i.where) texts.push(i.where);
    }
    if (texts.some((text) => FUZZY_FN.test(text))) found.add('fuzzystrmatch');
  }
  return found;
}

function withoutIndexMethods(table: TableSnapshot, methods: readonly string[]): TableSnapshot {
  if (methods.length === 0) return table;
  const indexes = Object.fromEntries(
    Object.entries(table.indexes).filter(([, i]) => !methods.includes(i.method)),
  );
  return { ...table, indexes };
}

/** Builds the snapshot of a Drizzle schema object: its tables, enums and `pgSchema` namespaces. */
export function createSnapshot(schema: DrizzleSchema, options: CreateSnapshotOptions = {}): SchemaSnapshot {
  const tables: Record<string, TableSnapshot> = {};
  const enums: Record<string, EnumSnapshot> = {};
  const schemas = new Set<string>();
  for (const value of Object.values(schema)) {
    if (is(value, PgTable)) {
      const t = withoutIndexMethods(tableSnapshot(value), options.skipIndexMethods ?? []);
      tables[`${t.schema}.${t.name}`] = t;
      if (t.schema !== 'public') schemas.add(t.schema);
    } else if (isPgEnum(value)) {
      const e = value as PgEnum<[string, ...string[]]> & { schema?: string };
      const enumSchema = e.schema ?? 'public';
      enums[`${enumSchema}.${e.enumName}`] = {
        schema: enumSchema,
        name: e.enumName,
        values: [...e.enumValues],
      };
      if (enumSchema !== 'public') schemas.add(enumSchema);
    } else if (is(value, PgSchema)) {
      const name = (value as unknown as { schemaName: string }).schemaName;
      if (name !== 'public') schemas.add(name);
    }
  }
  const extensions = detectExtensions(Object.values(tables));
  for (const ext of options.extensions ?? []) extensions.add(ext);
  return {
    version: SNAPSHOT_VERSION,
    dialect: 'postgresql',
    schemas: [...schemas].sort(),
    extensions: [...extensions].sort(),
    enums,
    tables,
  };
}

/** sha256 (hex) of the snapshot's canonical JSON. */
export function hashSnapshot(snapshot: SchemaSnapshot): string {
  return hashJson(snapshot);
}
