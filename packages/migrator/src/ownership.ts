/**
 * What the migrator created, read from the journal's latest snapshot: only these objects may ever be
 * dropped. Works on our snapshot format AND on drizzle-kit's JSON (which `@elizaos/plugin-sql@1.7.2`
 * stored), since both key tables by `schema.table` and list columns, indexes, foreign keys, uniques
 * and checks by name.
 */

/** Sets of owned object keys: `schema.table`, `schema.table.column`, `schema.table.constraintOrIndex`. */
export interface OwnedObjects {
  readonly tables: ReadonlySet<string>;
  readonly columns: ReadonlySet<string>;
  readonly constraints: ReadonlySet<string>;
  readonly indexes: ReadonlySet<string>;
}

/** Nothing is owned: a database adopted without a journal. */
export const NOTHING_OWNED: OwnedObjects = {
  tables: new Set(),
  columns: new Set(),
  constraints: new Set(),
  indexes: new Set(),
};

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Extracts the owned objects from a stored snapshot (ours or drizzle-kit's); tolerant of unknown shapes. */
export function ownedObjects(snapshot: unknown): OwnedObjects {
  const tables = new Set<string>();
  const columns = new Set<string>();
  const constraints = new Set<string>();
  const indexes = new Set<string>();
  for (const [key, raw] of Object.entries(record(record(snapshot).tables))) {
    const t = record(raw);
    const schema = typeof t.schema === 'string' && t.schema !== '' ? t.schema : 'public';
    const name = typeof t.name === 'string' ? t.name : (key.split('.').pop() ?? key);
    const tk = `${schema}.${name}`;
    tables.add(tk);
    for (const c of Object.keys(record(t.columns))) columns.add(`${tk}.${c}`);
    for (const i of Object.keys(record(t.indexes))) indexes.add(`${tk}.${i}`);
    for (const field of [
      'foreignKeys',
      'uniques',
      'uniqueConstraints',
      'checks',
      'checkConstraints',
      'compositePrimaryKeys',
    ]) {
      for (const c of Object.keys(record(t[field]))) constraints.add(`${tk}.${c}`);
    }
    const pk = record(t.primaryKey);
    if (typeof pk.name === 'string') constraints.add(`${tk}.${pk.name}`);
    constraints.add(`${tk}.${name}_pkey`);
  }
  return { tables, columns, constraints, indexes };
}
