import { schema as coreSchema } from '@eliza-sql/core-schema';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/** A column of a core table as the data-transfer functions see it. */
export interface TransferColumn {
  readonly name: string;
  /** Its SQL type as declared (`uuid`, `text`, `vector(384)`, ...). */
  readonly sqlType: string;
}

/** One core table: its columns, key and references, derived from the Drizzle schema. */
export interface TransferTable {
  readonly name: string;
  readonly columns: readonly TransferColumn[];
  /** The primary key's columns (the keyset the table is paged by). */
  readonly primaryKey: readonly TransferColumn[];
  /** Columns referencing this same table: inserted as NULL first, set once every row is in. */
  readonly selfReferences: readonly string[];
  /** Tables this one references (by foreign key). */
  readonly references: readonly string[];
}

function describeTable(table: PgTable): TransferTable {
  const config = getTableConfig(table);
  const columns = config.columns.map((c) => ({ name: c.name, sqlType: c.getSQLType() }));
  const keyNames = config.columns.filter((c) => c.primary).map((c) => c.name);
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
  const primaryKey = (keyNames.length > 0 ? keyNames : composite).map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`primary key column ${name} missing from ${config.name}`);
    return column;
  });
  const selfReferences: string[] = [];
  const references = new Set<string>();
  for (const fk of config.foreignKeys) {
    const reference = fk.reference();
    const target = getTableConfig(reference.foreignTable).name;
    if (target === config.name) selfReferences.push(...reference.columns.map((c) => c.name));
    else references.add(target);
  }
  return {
    name: config.name,
    columns,
    primaryKey,
    selfReferences: [...new Set(selfReferences)],
    references: [...references],
  };
}

/**
 * Every table of a Drizzle schema in foreign-key order (a table after every table it references),
 * ties broken by name so the order is stable. Throws on a reference cycle between tables.
 */
export function orderTransferTables(schema: Record<string, unknown>): TransferTable[] {
  const tables = Object.values(schema)
    .filter(isPgTable)
    .map(describeTable)
    .sort((a, b) => a.name.localeCompare(b.name));
  const ordered: TransferTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) =>
        !placed.has(t.name) && t.references.every((r) => placed.has(r) || !tables.some((x) => x.name === r)),
    );
    if (ready.length === 0) throw new Error('the schema has a foreign-key cycle between tables');
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

function isPgTable(value: unknown): value is PgTable {
  if (typeof value !== 'object' || value === null) return false;
  try {
    getTableConfig(value as PgTable);
    return true;
  } catch {
    return false;
  }
}

/** The core tables in foreign-key order. */
export const CORE_TRANSFER_TABLES: readonly TransferTable[] = orderTransferTables(coreSchema);
