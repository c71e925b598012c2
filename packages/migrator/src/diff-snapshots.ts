/** Snapshot vs snapshot → ordered {@link MigrationStatement}s. Pure, never guesses a rename. */
import { diffTable } from './diff-table.js';
import { type OwnedObjects, ownedObjects } from './ownership.js';
import type { MigrationStatement, RenameDeclaration, SchemaSnapshot, TableSnapshot } from './types.js';

/** Options of {@link diffSnapshots}. */
export interface DiffOptions {
  /** Objects of `from` that may be dropped. Default: everything in `from` (a classic snapshot diff). */
  readonly owned?: OwnedObjects;
  /** Declared renames, applied before comparing (a rename is never inferred). */
  readonly renames?: readonly RenameDeclaration[];
}

/** The diff: statements in execution order plus notes about objects deliberately kept. */
export interface SnapshotDiff {
  readonly statements: MigrationStatement[];
  readonly warnings: string[];
}

function applyRenames(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  renames: readonly RenameDeclaration[],
  out: MigrationStatement[],
): Record<string, TableSnapshot> {
  const tables: Record<string, TableSnapshot> = { ...from.tables };
  for (const r of renames) {
    const schema = r.schema ?? 'public';
    if ((r.kind ?? 'table') === 'table') {
      const old = tables[`${schema}.${r.from}`];
      if (!old || tables[`${schema}.${r.to}`] || !to.tables[`${schema}.${r.to}`]) continue;
      delete tables[`${schema}.${r.from}`];
      tables[`${schema}.${r.to}`] = { ...old, name: r.to };
      out.push({ kind: 'rename_table', schema, from: r.from, to: r.to });
    } else {
      const key = `${schema}.${r.table}`;
      const t = tables[key];
      const col = t?.columns[r.from];
      if (!t || !col || t.columns[r.to] || !to.tables[key]?.columns[r.to]) continue;
      const columns = { ...t.columns, [r.to]: { ...col, name: r.to } };
      delete columns[r.from];
      tables[key] = { ...t, columns };
      out.push({ kind: 'rename_column', schema, table: r.table, from: r.from, to: r.to });
    }
  }
  return tables;
}

/** Orders tables so that referenced tables come first (cycles keep declaration order). */
function byForeignKeys(tables: TableSnapshot[]): TableSnapshot[] {
  const keyOf = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const pending = new Map(tables.map((t) => [keyOf(t), t]));
  const done: TableSnapshot[] = [];
  const visit = (t: TableSnapshot, path: Set<string>) => {
    const key = keyOf(t);
    if (!pending.has(key) || path.has(key)) return;
    path.add(key);
    for (const fk of Object.values(t.foreignKeys)) {
      const target = pending.get(`${fk.refSchema}.${fk.refTable}`);
      if (target) visit(target, path);
    }
    if (pending.delete(key)) done.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return done;
}

/**
 * Computes the statements that turn `from` into `to`. Tables are created in foreign-key order, with
 * foreign keys added after every table exists (so cycles work); objects absent from `to` are dropped
 * only when `options.owned` lists them.
 */
export function diffSnapshots(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  options: DiffOptions = {},
): SnapshotDiff {
  const owned = options.owned ?? ownedObjects(from);
  const head: MigrationStatement[] = [];
  for (const s of to.schemas) if (!from.schemas.includes(s)) head.push({ kind: 'create_schema', schema: s });
  for (const e of to.extensions)
    if (!from.extensions.includes(e)) head.push({ kind: 'create_extension', extension: e });
  for (const [key, e] of Object.entries(to.enums)) {
    const live = from.enums[key];
    if (!live) head.push({ kind: 'create_enum', enum: e });
    else {
      for (const v of e.values) {
        if (!live.values.includes(v))
          head.push({ kind: 'add_enum_value', schema: e.schema, name: e.name, value: v });
      }
    }
  }
  const liveTables = applyRenames(from, to, options.renames ?? [], head);
  const warnings: string[] = [];
  for (const [key, e] of Object.entries(to.enums)) {
    const removed = from.enums[key]?.values.filter((v) => !e.values.includes(v)) ?? [];
    if (removed.length > 0)
      warnings.push(`enum ${key} keeps values ${removed.join(', ')} (values are never removed)`);
  }
  const creates: MigrationStatement[] = [];
  const buckets = {
    dropConstraints: [] as MigrationStatement[],
    dropIndexes: [] as MigrationStatement[],
    alters: [] as MigrationStatement[],
    addConstraints: [] as MigrationStatement[],
    dropColumns: [] as MigrationStatement[],
    addForeignKeys: [] as MigrationStatement[],
    createIndexes: [] as MigrationStatement[],
  };
  const newTables: TableSnapshot[] = [];
  for (const [key, desired] of Object.entries(to.tables)) {
    const live = liveTables[key];
    if (!live) {
      newTables.push(desired);
      continue;
    }
    const changes = diffTable(live, desired, owned);
    warnings.push(...changes.warnings);
    for (const name of Object.keys(buckets) as (keyof typeof buckets)[]) buckets[name].push(...changes[name]);
  }
  for (const t of byForeignKeys(newTables)) {
    creates.push({ kind: 'create_table', table: t });
    for (const fk of Object.values(t.foreignKeys)) {
      buckets.addForeignKeys.push({
        kind: 'add_foreign_key',
        schema: t.schema,
        table: t.name,
        foreignKey: fk,
      });
    }
    for (const index of Object.values(t.indexes)) {
      buckets.createIndexes.push({ kind: 'create_index', schema: t.schema, table: t.name, index });
    }
  }
  const drops: MigrationStatement[] = [];
  for (const [key, t] of Object.entries(liveTables)) {
    if (to.tables[key]) continue;
    if (owned.tables.has(key)) drops.push({ kind: 'drop_table', schema: t.schema, table: t.name });
  }
  return {
    statements: [
      ...head,
      ...buckets.dropConstraints,
      ...buckets.dropIndexes,
      ...creates,
      ...buckets.alters,
      ...buckets.addConstraints,
      ...buckets.dropColumns,
      ...drops,
      ...buckets.addForeignKeys,
      ...buckets.createIndexes,
    ],
    warnings,
  };
}
