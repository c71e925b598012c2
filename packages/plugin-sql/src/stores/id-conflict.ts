import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { describeValue, ElizaSqlError } from '../errors.js';
import { chunkRows } from './chunk.js';

/**
 * ID_CONFLICT: `method` stored nothing for `field` because `value` (the caller's own) is in use. The
 * message names only what the caller sent: never whether, where or whose the other row is.
 */
export function idConflict(method: string, field: string, value: unknown): ElizaSqlError {
  return new ElizaSqlError(
    'ID_CONFLICT',
    `${method}: ${field} ${describeValue(value)} is already in use; nothing was stored (use another id)`,
  );
}

/** One row a create asked for: its id, the field that carried it, and the owner it was written for. */
export interface WantedRow {
  readonly id: string;
  readonly field: string;
  readonly owner?: string;
}

/** Where {@link assertInsertedOrOwned} looks rows up. */
export interface OwnedRowsOptions {
  readonly method: string;
  readonly table: PgTable;
  readonly idColumn: PgColumn;
  /** The owner column (an agent-scoped table's `agent_id`); absent: any visible row is the caller's. */
  readonly ownerColumn?: PgColumn;
}

/**
 * After an insert that skips conflicting ids (ON CONFLICT DO NOTHING ... RETURNING id): every wanted
 * id either was inserted, or is a row the caller can see and owns (its own duplicate, which the
 * interface answers as success). Anything else (a row under row-level security of another server, or
 * another agent's) throws ID_CONFLICT for the first such id in input order. Costs a query only when
 * something was not inserted.
 */
export async function assertInsertedOrOwned(
  ex: SqlExecutor,
  options: OwnedRowsOptions,
  wanted: readonly WantedRow[],
  inserted: Iterable<string>,
): Promise<void> {
  const done = new Set(inserted);
  const missing = wanted.filter((w) => !done.has(w.id));
  if (missing.length === 0) return;
  const owners = new Map<string, string | null>();
  const ids = [...new Set(missing.map((w) => w.id))];
  const owner = options.ownerColumn;
  for (const part of chunkRows(ids, 1)) {
    const rows = await ex.db
      .select({ id: options.idColumn, owner: owner ?? options.idColumn })
      .from(options.table)
      .where(inArray(options.idColumn, part));
    for (const row of rows) owners.set(String(row.id), owner ? (row.owner as string | null) : null);
  }
  for (const w of missing) {
    const held = owners.get(w.id);
    const own = held !== undefined && (owner === undefined || held === w.owner);
    if (!own) throw idConflict(options.method, w.field, w.id);
  }
}

/**
 * Inserts `values` with `insertSkipping` (an INSERT ... ON CONFLICT DO NOTHING RETURNING id), chunked by
 * `paramsPerRow` under the bind-parameter limit, then {@link assertInsertedOrOwned}: all or nothing. One
 * row is one statement (a conflict stores nothing anyway); more share a transaction a conflict undoes.
 */
export async function insertOwnedRows<V>(
  ex: SqlExecutor,
  options: OwnedRowsOptions,
  values: readonly V[],
  wanted: readonly WantedRow[],
  paramsPerRow: number,
  insertSkipping: (on: SqlExecutor, rows: V[]) => Promise<ReadonlyArray<{ id: string }>>,
): Promise<void> {
  const write = async (on: SqlExecutor): Promise<void> => {
    const inserted: string[] = [];
    for (const part of chunkRows(values, paramsPerRow)) {
      for (const row of await insertSkipping(on, part)) inserted.push(row.id);
    }
    await assertInsertedOrOwned(on, options, wanted, inserted);
  };
  await (values.length === 1 ? write(ex) : ex.transaction(write));
}
