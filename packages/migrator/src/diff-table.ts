/** The statements that bring one existing table to its desired shape. */
import { isSafeTypeChange } from './classify-data-loss.js';
import { sameCheck, sameDefault, sameForeignKey, sameIndex, sameUnique } from './compare.js';
import type { OwnedObjects } from './ownership.js';
import type {
  ForeignKeySnapshot,
  IndexSnapshot,
  MigrationStatement,
  TableSnapshot,
  UniqueSnapshot,
} from './types.js';

type Named = { readonly name: string };

/** A unique btree index on plain columns, no predicate: equivalent to a UNIQUE constraint. */
function isPlainUnique(ix: IndexSnapshot): boolean {
  return ix.unique && ix.method === 'btree' && ix.where === null && ix.keys.every((k) => !k.isExpression);
}

function sameColumns(ix: IndexSnapshot, columns: readonly string[]): boolean {
  return ix.keys.length === columns.length && ix.keys.every((k, n) => k.expression === columns[n]);
}

/** Pairs desired objects with live ones: by name first, then by structure; the rest are adds/drops/replacements. */
function match<T extends Named>(
  desired: Readonly<Record<string, T>>,
  live: Readonly<Record<string, T>>,
  equivalent: (d: T, l: T) => boolean,
): { add: T[]; drop: T[]; replace: T[] } {
  const usedLive = new Set<string>();
  const add: T[] = [];
  const replace: T[] = [];
  const unmatched: T[] = [];
  for (const d of Object.values(desired)) {
    const l = live[d.name];
    if (l) {
      usedLive.add(l.name);
      if (!equivalent(d, l)) replace.push(d);
    } else unmatched.push(d);
  }
  // An equivalent live object under another name satisfies a desired one (even one already matched:
  // the reference declared duplicate FKs, e.g. fk_room next to memories_room_id_rooms_id_fk).
  for (const d of unmatched) {
    const l = Object.values(live).find((x) => equivalent(d, x));
    if (l) usedLive.add(l.name);
    else add.push(d);
  }
  const drop = Object.values(live).filter((l) => !usedLive.has(l.name));
  return { add, drop, replace };
}

/**
 * The live key without the column pairs that scope it by a column the schema does not declare, mapped
 * to the same-named parent column (data isolation's `server_id`): `(server_id, room_id) ->
 * rooms (server_id, id)` implements the desired `(room_id) -> rooms (id)`, and replacing it on every
 * run would undo the scoping. A declared column is never ignored.
 */
function withoutUndeclaredScope(live: ForeignKeySnapshot, desired: TableSnapshot): ForeignKeySnapshot {
  const keep = live.columns.map((c, n) => desired.columns[c] !== undefined || live.refColumns[n] !== c);
  if (keep.every(Boolean)) return live;
  return {
    ...live,
    columns: live.columns.filter((_, n) => keep[n]),
    refColumns: live.refColumns.filter((_, n) => keep[n]),
  };
}

/** Buckets of statements for one table, merged in global order by the caller. */
export interface TableChanges {
  readonly dropConstraints: MigrationStatement[];
  readonly dropIndexes: MigrationStatement[];
  readonly alters: MigrationStatement[];
  readonly addConstraints: MigrationStatement[];
  readonly dropColumns: MigrationStatement[];
  readonly addForeignKeys: MigrationStatement[];
  readonly createIndexes: MigrationStatement[];
  readonly warnings: string[];
}

/** Compares a table present in both snapshots. Only `owned` objects absent from `desired` are dropped. */
export function diffTable(live: TableSnapshot, desired: TableSnapshot, owned: OwnedObjects): TableChanges {
  const ref = { schema: desired.schema, table: desired.name };
  const tk = `${desired.schema}.${desired.name}`;
  const out: TableChanges = {
    dropConstraints: [],
    dropIndexes: [],
    alters: [],
    addConstraints: [],
    dropColumns: [],
    addForeignKeys: [],
    createIndexes: [],
    warnings: [],
  };
  const desiredPk = desired.primaryKey?.columns ?? [];
  const livePk = live.primaryKey?.columns ?? [];
  const pkChanged = desiredPk.join(',') !== livePk.join(',');
  for (const col of Object.values(desired.columns)) {
    const l = live.columns[col.name];
    if (!l) {
      out.alters.push({ kind: 'add_column', ...ref, column: col });
      continue;
    }
    if (
      (l.identity ?? null) !== (col.identity ?? null) ||
      (l.generated === undefined) !== (col.generated === undefined)
    ) {
      out.warnings.push(
        `identity/generated definition of ${tk}.${col.name} differs from the schema: change it by hand`,
      );
    }
    if (l.generated !== undefined || col.generated !== undefined) continue;
    if (l.type !== col.type) {
      // Outside safe widenings the old default may not cast: drop it first, set the desired one after.
      const resetDefault = l.default !== null && !isSafeTypeChange(l.type, col.type);
      if (resetDefault) out.alters.push({ kind: 'drop_default', ...ref, column: col.name });
      out.alters.push({ kind: 'alter_column_type', ...ref, column: col.name, from: l.type, to: col.type });
      if (col.default !== null && (resetDefault || !sameDefault(col.default, l.default))) {
        out.alters.push({ kind: 'set_default', ...ref, column: col.name, default: col.default });
      } else if (col.default === null && l.default !== null && !resetDefault) {
        out.alters.push({ kind: 'drop_default', ...ref, column: col.name });
      }
    } else if (!sameDefault(col.default, l.default)) {
      out.alters.push(
        col.default === null
          ? { kind: 'drop_default', ...ref, column: col.name }
          : { kind: 'set_default', ...ref, column: col.name, default: col.default },
      );
    }
    if (col.notNull && !l.notNull) out.alters.push({ kind: 'set_not_null', ...ref, column: col.name });
    if (!col.notNull && l.notNull && !(livePk.includes(col.name) && !pkChanged)) {
      out.alters.push({ kind: 'drop_not_null', ...ref, column: col.name });
    }
  }
  for (const l of Object.values(live.columns)) {
    if (desired.columns[l.name]) continue;
    if (owned.columns.has(`${tk}.${l.name}`))
      out.dropColumns.push({ kind: 'drop_column', ...ref, column: l.name });
    else
      out.warnings.push(
        `column ${tk}.${l.name} is not in the schema and was not created by the migrator: kept`,
      );
  }
  if (pkChanged) {
    if (live.primaryKey?.name) {
      out.dropConstraints.push({ kind: 'drop_primary_key', ...ref, name: live.primaryKey.name });
    }
    if (desired.primaryKey)
      out.addConstraints.push({ kind: 'add_primary_key', ...ref, primaryKey: desired.primaryKey });
  }
  const dropOwned = (name: string, constraint: 'unique' | 'foreign_key' | 'check') => {
    if (owned.constraints.has(`${tk}.${name}`)) {
      out.dropConstraints.push({ kind: 'drop_constraint', ...ref, name, constraint });
    } else out.warnings.push(`constraint ${name} on ${tk} is not in the schema and not owned: kept`);
  };
  const u = match(desired.uniques, live.uniques, sameUnique);
  for (const x of u.replace)
    out.dropConstraints.push({ kind: 'drop_constraint', ...ref, name: x.name, constraint: 'unique' });
  // A unique constraint is also satisfied by an equivalent plain unique index (and vice versa below).
  const uniqueIndexCovers = (x: UniqueSnapshot) =>
    Object.values(live.indexes).some((ix) => isPlainUnique(ix) && sameColumns(ix, x.columns));
  for (const x of [...u.add.filter((x) => !uniqueIndexCovers(x)), ...u.replace])
    out.addConstraints.push({ kind: 'add_unique', ...ref, unique: x });
  for (const x of u.drop) dropOwned(x.name, 'unique');
  const c = match(desired.checks, live.checks, sameCheck);
  for (const x of c.replace)
    out.dropConstraints.push({ kind: 'drop_constraint', ...ref, name: x.name, constraint: 'check' });
  for (const x of [...c.add, ...c.replace]) out.addConstraints.push({ kind: 'add_check', ...ref, check: x });
  for (const x of c.drop) dropOwned(x.name, 'check');
  const f = match(desired.foreignKeys, live.foreignKeys, (d, l) =>
    sameForeignKey(d, withoutUndeclaredScope(l, desired)),
  );
  for (const x of f.replace) {
    out.dropConstraints.push({ kind: 'drop_constraint', ...ref, name: x.name, constraint: 'foreign_key' });
  }
  for (const x of [...f.add, ...f.replace])
    out.addForeignKeys.push({ kind: 'add_foreign_key', ...ref, foreignKey: x });
  for (const x of f.drop) dropOwned(x.name, 'foreign_key');
  const i = match(desired.indexes, live.indexes, (d, l) => sameIndex(d, l));
  for (const x of i.replace)
    out.dropIndexes.push({ kind: 'drop_index', schema: desired.schema, name: x.name });
  const uniqueConstraintCovers = (x: IndexSnapshot) =>
    isPlainUnique(x) &&
    Object.values(live.uniques).some((q) => !q.nullsNotDistinct && sameColumns(x, q.columns));
  for (const x of [...i.add.filter((x) => !uniqueConstraintCovers(x)), ...i.replace])
    out.createIndexes.push({ kind: 'create_index', ...ref, index: x });
  for (const x of i.drop) {
    if (owned.indexes.has(`${tk}.${x.name}`)) {
      out.dropIndexes.push({ kind: 'drop_index', schema: desired.schema, name: x.name });
    } else out.warnings.push(`index ${x.name} on ${tk} is not in the schema and not owned: kept`);
  }
  return out;
}
