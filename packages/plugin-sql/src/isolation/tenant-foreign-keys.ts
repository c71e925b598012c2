/**
 * Tenant-scoped foreign keys. Foreign-key checks and their ON DELETE actions run without row-level
 * security, so a key on `room_id` alone lets one server reference (and so probe) another server's
 * room, and lets that server's delete cascade into the first server's rows. Rewriting every key
 * between two isolated tables as `(server_id, cols) -> parent (server_id, refcols)` makes the database
 * match only rows of the same server: another server's id then behaves exactly as an unknown one.
 */
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { ElizaSqlError } from '../errors.js';
import { ISOLATION_EXCLUDED_TABLES, quoteIdent } from './rls-policies.js';

/** Marks the keys this module rewrote and the parent indexes it created (uninstall restores/drops only those). */
export const TENANT_KEY_MARKER = 'eliza-sql:tenant-keys:v1';

/** The tenant column every isolated table carries. */
const TENANT_COLUMN = 'server_id';

/** PostgreSQL's `confdeltype` / `confupdtype` letters as SQL. */
const ACTIONS: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

interface ForeignKeyRow {
  readonly name: string;
  readonly table: string;
  readonly ref_table: string;
  readonly columns: unknown;
  readonly ref_columns: unknown;
  readonly delete_set_columns: unknown;
  readonly on_delete: string;
  readonly on_update: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly marked: boolean;
}

/** One foreign key between two isolated tables, as the catalog describes it. */
interface ForeignKey {
  readonly name: string;
  readonly table: string;
  readonly refTable: string;
  readonly columns: readonly string[];
  readonly refColumns: readonly string[];
  /** `ON DELETE SET NULL/DEFAULT (cols)`: the columns it sets (null: all of the key's). */
  readonly deleteSetColumns: readonly string[] | null;
  readonly onDelete: string;
  readonly onUpdate: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  /** Rewritten by this module (carries {@link TENANT_KEY_MARKER}). */
  readonly marked: boolean;
}

const names = (value: unknown): string[] | null => {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : null;
};

const excluded = ISOLATION_EXCLUDED_TABLES.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ');

/** Attribute names of a constraint's key array, in key order, as a JSON array. */
const keyNames = (keys: string, relation: string) =>
  `(SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(${keys}) WITH ORDINALITY k(num, ord)
     JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.num)`;

/** Whether a public table carries the tenant column. */
const isolated = (relation: string) =>
  `EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = ${relation} AND t.attname = '${TENANT_COLUMN}' AND NOT t.attisdropped)`;

/** Every foreign key from one isolated public table to another (`confdelsetcols` exists from PostgreSQL 15). */
async function readForeignKeys(ex: SqlExecutor): Promise<ForeignKey[]> {
  const version = await ex.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
  const setColumns =
    Number(version[0]?.v ?? 0) >= 150000 ? keyNames('co.confdelsetcols', 'co.conrelid') : 'NULL';
  const rows = await ex.query<ForeignKeyRow & Record<string, unknown>>(`
    SELECT co.conname::text AS name, c.relname::text AS table, rc.relname::text AS ref_table,
      ${keyNames('co.conkey', 'co.conrelid')} AS columns, ${keyNames('co.confkey', 'co.confrelid')} AS ref_columns,
      ${setColumns} AS delete_set_columns,
      co.confdeltype::text AS on_delete, co.confupdtype::text AS on_update,
      co.condeferrable AS deferrable, co.condeferred AS deferred,
      obj_description(co.oid, 'pg_constraint') IS NOT DISTINCT FROM '${TENANT_KEY_MARKER}' AS marked
    FROM pg_constraint co
    JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class rc ON rc.oid = co.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE co.contype = 'f' AND n.nspname = 'public' AND rn.nspname = 'public'
      AND c.relname NOT IN (${excluded}) AND rc.relname NOT IN (${excluded})
      AND ${isolated('co.conrelid')} AND ${isolated('co.confrelid')}
    ORDER BY c.relname, co.conname`);
  return rows.map((r) => ({
    name: r.name,
    table: r.table,
    refTable: r.ref_table,
    columns: names(r.columns) ?? [],
    refColumns: names(r.ref_columns) ?? [],
    deleteSetColumns: names(r.delete_set_columns),
    onDelete: r.on_delete,
    onUpdate: r.on_update,
    deferrable: r.deferrable,
    deferred: r.deferred,
    marked: r.marked,
  }));
}

/** Whether the key already pairs the child's tenant column with the parent's. */
function isTenantScoped(key: ForeignKey): boolean {
  const at = key.columns.indexOf(TENANT_COLUMN);
  return at >= 0 && key.refColumns[at] === TENANT_COLUMN;
}

const list = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');

/** `ADD CONSTRAINT` text for `key` with these columns; SET NULL/DEFAULT on delete limited to `setColumns`. */
function addConstraint(
  key: ForeignKey,
  columns: readonly string[],
  refColumns: readonly string[],
  setColumns: readonly string[] | null,
): string {
  const onDelete = ACTIONS[key.onDelete] ?? 'NO ACTION';
  const limited =
    setColumns && (key.onDelete === 'n' || key.onDelete === 'd') ? ` (${list(setColumns)})` : '';
  const timing = key.deferrable ? ` DEFERRABLE INITIALLY ${key.deferred ? 'DEFERRED' : 'IMMEDIATE'}` : '';
  return (
    `ADD CONSTRAINT ${quoteIdent(key.name)} FOREIGN KEY (${list(columns)}) ` +
    `REFERENCES public.${quoteIdent(key.refTable)} (${list(refColumns)}) ` +
    `ON DELETE ${onDelete}${limited} ON UPDATE ${ACTIONS[key.onUpdate] ?? 'NO ACTION'}${timing}`
  );
}

/** The name of the parent index a scoped key references (at most 63 bytes, as PostgreSQL keeps). */
function tenantIndexName(table: string, columns: readonly string[]): string {
  const base = `${table}_${[TENANT_COLUMN, ...columns].join('_')}`;
  const suffix = '_tenant_key';
  return `${base.slice(0, 63 - suffix.length)}${suffix}`;
}

/** Whether `table` has a unique, total, plain-column index on exactly `columns` (in any order). */
async function hasUniqueIndex(ex: SqlExecutor, table: string, columns: readonly string[]): Promise<boolean> {
  const wanted = `{${[...columns]
    .sort()
    .map((c) => `"${c.replaceAll('"', '\\"')}"`)
    .join(',')}}`;
  const rows = await ex.query<{ ok: boolean }>(`
    SELECT EXISTS (
      SELECT 1 FROM pg_index i
      WHERE i.indrelid = 'public.${quoteIdent(table).replaceAll("'", "''")}'::regclass
        AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
        AND i.indnkeyatts = ${columns.length}
        AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)
             FROM unnest(i.indkey::int2[]) k(num) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num)
            = '${wanted.replaceAll("'", "''")}'::text[]
    ) AS ok`);
  return rows[0]?.ok === true;
}

/**
 * Rewrites every foreign key between two isolated tables (core and plugin tables alike) as a
 * tenant-scoped key of the same name and actions, after ensuring the parent's unique index on
 * `(server_id, refcols)`. `ON DELETE SET NULL / SET DEFAULT` are limited to the key's own columns, so
 * a delete never clears a row's `server_id`. Returns the DDL run; a re-run runs none. Fails with
 * ISOLATION_NOT_INSTALLED when existing rows already reference another server's rows.
 */
export async function scopeForeignKeysToTenant(tx: SqlExecutor): Promise<string[]> {
  const keys = (await readForeignKeys(tx)).filter((key) => !isTenantScoped(key));
  const changes: string[] = [];
  const indexed = new Set<string>();
  for (const key of keys) {
    if (key.onDelete === 'n' || key.onDelete === 'd') await assertColumnListedActions(tx, key);
    const refColumns = [TENANT_COLUMN, ...key.refColumns];
    const indexKey = `${key.refTable}(${refColumns.join(',')})`;
    if (!indexed.has(indexKey) && !(await hasUniqueIndex(tx, key.refTable, refColumns))) {
      const index = tenantIndexName(key.refTable, key.refColumns);
      const create = `CREATE UNIQUE INDEX ${quoteIdent(index)} ON public.${quoteIdent(key.refTable)} (${list(refColumns)})`;
      await tx.query(create);
      await tx.query(`COMMENT ON INDEX public.${quoteIdent(index)} IS '${TENANT_KEY_MARKER}'`);
      changes.push(create);
    }
    indexed.add(indexKey);
    const table = `public.${quoteIdent(key.table)}`;
    const rewrite =
      `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(key.name)}, ` +
      addConstraint(key, [TENANT_COLUMN, ...key.columns], refColumns, key.deleteSetColumns ?? key.columns);
    try {
      await tx.query(rewrite);
    } catch (error) {
      throw new ElizaSqlError(
        'ISOLATION_NOT_INSTALLED',
        `data isolation: foreign key "${key.name}" on ${key.table} cannot be scoped to one server: rows of ` +
          `${key.table} reference ${key.refTable} rows of another server; delete or fix those rows as the tables owner, then install again`,
        { cause: error },
      );
    }
    await tx.query(`COMMENT ON CONSTRAINT ${quoteIdent(key.name)} ON ${table} IS '${TENANT_KEY_MARKER}'`);
    changes.push(rewrite);
  }
  return changes;
}

/** A SET NULL / SET DEFAULT key can be scoped only where PostgreSQL (15+) limits the action to columns. */
async function assertColumnListedActions(tx: SqlExecutor, key: ForeignKey): Promise<void> {
  const version = await tx.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
  if (Number(version[0]?.v ?? 0) >= 150000) return;
  throw new ElizaSqlError(
    'UNSUPPORTED_BY_BACKEND',
    `data isolation: foreign key "${key.name}" on ${key.table} uses ON DELETE ${ACTIONS[key.onDelete]}, which ` +
      'would clear server_id when scoped to one server before PostgreSQL 15; use PostgreSQL 15 or later',
  );
}

/**
 * Restores the single-column keys {@link scopeForeignKeysToTenant} rewrote (same names and actions)
 * and drops the parent indexes it created. Returns the DDL run.
 */
export async function unscopeForeignKeys(tx: SqlExecutor): Promise<string[]> {
  const changes: string[] = [];
  for (const key of await readForeignKeys(tx)) {
    if (!key.marked || !isTenantScoped(key)) continue;
    const at = key.columns.indexOf(TENANT_COLUMN);
    const columns = key.columns.filter((_, i) => i !== at);
    const refColumns = key.refColumns.filter((_, i) => i !== at);
    const setColumns = key.deleteSetColumns?.filter((c) => c !== TENANT_COLUMN) ?? null;
    const whole = setColumns !== null && setColumns.length === columns.length;
    const restore =
      `ALTER TABLE public.${quoteIdent(key.table)} DROP CONSTRAINT ${quoteIdent(key.name)}, ` +
      addConstraint(key, columns, refColumns, whole ? null : setColumns);
    await tx.query(restore);
    changes.push(restore);
  }
  const indexes = await tx.query<{ name: string }>(`
    SELECT ic.relname::text AS name FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    WHERE n.nspname = 'public' AND obj_description(ic.oid, 'pg_class') IS NOT DISTINCT FROM '${TENANT_KEY_MARKER}'
    ORDER BY ic.relname`);
  for (const { name } of indexes) {
    const drop = `DROP INDEX public.${quoteIdent(name)}`;
    await tx.query(drop);
    changes.push(drop);
  }
  return changes;
}
