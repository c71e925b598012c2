import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { type SQL, sql } from 'drizzle-orm';

/** Largest `hnsw.ef_search` pgvector accepts. */
const MAX_EF_SEARCH = 1000;
/**
 * Smallest `hnsw.ef_search` a search uses (pgvector's default is 40): at 40, recall@10 falls below 0.95
 * on some HNSW builds of clustered data (figures and command in bench/README.md).
 */
const MIN_EF_SEARCH = 128;
/**
 * Smallest `hnsw.ef_search` of the near-duplicate check (both {@link setHnswScanSettings} and
 * {@link nearestNeighbourSettingsCondition}): it looks for near copies at similarity ≥ 0.95, which the
 * scan finds at a smaller ef than recall@10 needs.
 */
const MIN_EF_SEARCH_NEAREST = 100;

/** The `hnsw.ef_search` a search for `limit` results uses: twice the limit, within [128, 1000]. */
export function efSearchFor(limit: number, floor = MIN_EF_SEARCH): number {
  return Math.min(MAX_EF_SEARCH, Math.max(floor, limit * 2));
}

/**
 * The HNSW scan settings (pgvector ≥ 0.8: iterative scan in relaxed order, so filters cannot starve the
 * scan, and {@link efSearchFor}) as a condition of the search statement itself, so a search is ONE
 * statement and one round trip, with no transaction and nothing set per connection:
 *
 *   WHERE (SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true) || set_config(...)) IS NOT NULL AND ...
 *
 * The uncorrelated subquery becomes an InitPlan and the term references no table, so PostgreSQL applies it
 * as a gating Result node's "One-Time Filter" above the join: evaluated once, before the first row is
 * pulled from the plan below it, hence before pgvector's index scan starts (it reads both settings on its
 * first tuple). `set_config(..., true)` lasts to the end of the current transaction: outside one, the
 * statement's own implicit transaction (nothing leaks to the pooled connection, so it is safe behind
 * PgBouncer in transaction mode); inside one (data isolation: one transaction per adapter call), the
 * rest of that call. The same on PGlite (PostgreSQL 17 executor). test/adapter/memories.test.ts asserts
 * on both backends that the settings reach the scan (a selective filter is answered by the index, which
 * returns fewer rows without them).
 */
export function hnswScanSettingsCondition(limit: number): SQL {
  return sql`(SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true) || set_config('hnsw.ef_search', ${String(efSearchFor(limit))}::text, true)) IS NOT NULL`;
}

/**
 * `hnsw.ef_search` for an unfiltered nearest-neighbour subquery (the near-duplicate check's first
 * stage), as a one-time condition like {@link hnswScanSettingsCondition}: the near-duplicate floor,
 * since a near copy missed by the graph search would be stored as unique.
 */
export function nearestNeighbourSettingsCondition(): SQL {
  return sql.raw(
    `(SELECT set_config('hnsw.ef_search', '${efSearchFor(1, MIN_EF_SEARCH_NEAREST)}', true)) IS NOT NULL`,
  );
}

/**
 * Sets, local to `tx`'s transaction, the settings of {@link hnswScanSettingsCondition} (with the
 * near-duplicate check's ef_search floor) in one statement (`set_config(..., true)` = SET LOCAL).
 */
export async function setHnswScanSettings(tx: SqlExecutor, limit: number): Promise<void> {
  await tx.query(
    `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '${efSearchFor(limit, MIN_EF_SEARCH_NEAREST)}', true)`,
  );
}
