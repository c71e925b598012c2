import { MAX_INDEXABLE_VECTOR_DIMENSION } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { type SQL, sql } from 'drizzle-orm';
import type { MemoryScope } from './memory-scope.js';
import { embeddingColumn, type PreparedMemory } from './memory-row.js';
import { nearestNeighbourSettingsCondition, setHnswScanSettings } from './hnsw-scan-settings.js';
import { plainArrayText } from './pg-array-text.js';
import { inSpace } from './embedding-space-store.js';
import { isGiven } from './store-values.js';
import { createVectorTexts, type VectorTexts } from './vector-text.js';

/** Similarity (1 - cosine distance) from which a memory is a near-duplicate (the reference's rule). */
export const NEAR_DUPLICATE_SIMILARITY = 0.95;

/**
 * How many nearest stored embeddings (of any agent, room or table) the first stage reads per memory.
 * The scan runs at `hnsw.ef_search` 100 (a one-time condition of the statement): it returns them
 * without an iterative scan, and reached near copies that the default 40 missed in sparse test data.
 */
export const NEAR_DUPLICATE_CANDIDATES = 40;

/** Whether a prepared memory needs the near-duplicate rule: `unique` unset and an embedding given. */
function needsCheck(p: PreparedMemory): boolean {
  return p.memory.unique === undefined && p.embedding !== undefined;
}

/** How many memories of a batch need the near-duplicate rule (with any, the insert needs the check). */
export function countNearDuplicateChecks(prepared: readonly PreparedMemory[]): number {
  return prepared.filter(needsCheck).length;
}

/** The SQL pieces both stages share: the query vectors' type, the distance, the filters. */
interface CheckShape {
  /** `vector(N)` or, above pgvector's index limit, `halfvec(N)` (the index expression's type). */
  readonly type: SQL;
  /** Distance of `e`'s embedding to `t.vec`, written as the column's HNSW index expression. */
  readonly distance: SQL;
  /** `e` holds an embedding of this dimension. */
  readonly stored: SQL;
  /** The memory `m` matches the batch row `t` (agent, table, and room/world/entity when given). */
  readonly matches: SQL;
  /** Whether some memory of the batch has a room / has none (which scope branches the statement needs). */
  readonly withRoom: boolean;
  readonly withoutRoom: boolean;
  /** The checked table's name and the agent, as bound parameters. */
  readonly tableName: SQL;
  readonly agentId: SQL;
  /** True when distance `d` makes a near-duplicate (NaN, from zero vectors, never does). */
  readonly isNear: (d: SQL) => SQL;
  /** Whether the column has an HNSW index to search (else every check is exact). */
  readonly approximateIndex: boolean;
}

/** The batch's memory ids of a scope column (`roomId`, `worldId`, `entityId`). */
type ScopeField = 'roomId' | 'worldId' | 'entityId';
const SCOPE_FIELDS: ReadonlyArray<readonly [ScopeField, string]> = [
  ['roomId', 'room'],
  ['worldId', 'world'],
  ['entityId', 'entity'],
];

/**
 * The statement is written for the batch it checks: a filter every row of the batch gives is a plain
 * equality, one none gives is left out, and only a mixed batch gets `(t.x IS NULL OR ...)`. Fewer
 * expressions to plan (planning is most of a one-memory check's cost on PGlite), and plain equalities
 * an index can use.
 */
function checkShape(scope: MemoryScope, tableName: string, rows: readonly PreparedMemory[]): CheckShape {
  const dimension = scope.dimension;
  const column = sql.raw(`e.${embeddingColumn(dimension).name}`);
  const halfvec = dimension > MAX_INDEXABLE_VECTOR_DIMENSION;
  const type = sql.raw(halfvec ? `halfvec(${dimension})` : `vector(${dimension})`);
  const filters = SCOPE_FIELDS.flatMap(([field, name]) => {
    const given = rows.filter((p) => isGiven(p.values[field])).length;
    if (given === 0) return [];
    const equal = `m.${name}_id = t.${name}`;
    return [sql.raw(given === rows.length ? equal : `(t.${name} IS NULL OR ${equal})`)];
  });
  return {
    withRoom: rows.some((p) => isGiven(p.values.roomId)),
    withoutRoom: rows.some((p) => !isGiven(p.values.roomId)),
    type,
    distance: halfvec ? sql`((${column})::${type} <=> t.vec)` : sql`(${column} <=> t.vec)`,
    // Only vectors of the active space are comparable with the new one (another model's are not).
    stored: scope.space ? inSpace('e', dimension, scope.space) : sql`${column} IS NOT NULL`,
    tableName: sql`${tableName}`,
    agentId: sql`${scope.agentId}`,
    matches: sql.join([sql`m.type = ${tableName} AND m.agent_id = ${scope.agentId}`, ...filters], sql` AND `),
    // PostgreSQL sorts NaN above every number, so `1 - NaN >= x` holds there: excluded explicitly.
    isNear: (d) => sql`(1 - ${d} >= ${sql.raw(String(NEAR_DUPLICATE_SIMILARITY))} AND ${d} <> 'NaN'::float8)`,
    approximateIndex: scope.approximateVectorIndex,
  };
}

/** The batch rows `t(vec, room, world, entity, ord)`: 4 array parameters, unnested. */
function batchRows(shape: CheckShape, rows: readonly PreparedMemory[], vectorTexts: VectorTexts): SQL {
  // Vector literals hold only digits, signs, dots, exponents and commas: quoted elements are safe.
  // Unnested as vectors, so each text is parsed once, not once per compared row.
  const vectors = plainArrayText(rows.map((p) => `"${vectorTexts.of(p)}"`));
  const column = (pick: (p: PreparedMemory) => string | null | undefined) => plainArrayText(rows.map(pick));
  return sql`unnest(${vectors}::${shape.type}[], ${column((p) => p.values.roomId)}::uuid[],
                ${column((p) => p.values.worldId)}::uuid[], ${column((p) => p.values.entityId)}::uuid[])
         WITH ORDINALITY AS t(vec, room, world, entity, ord)`;
}

/**
 * How many memories a check's scope (the room, or without a room the agent's table) may hold for the
 * check to compare them all, exactly as the reference does: below it, reading the scope costs less than
 * the HNSW search, and the answer is exact. Above it, the index decides (stages 1 and 2).
 */
export const NEAR_DUPLICATE_SCOPE_SCAN_LIMIT = 2_000;

/**
 * The verdict on one batch row `t` from its scope alone: 1 when some matching memory is near, else 0,
 * comparing every matching memory (`scope` is the index condition that narrows them: the room, or the
 * agent's table; the other filters of {@link CheckShape.matches} apply on top). `+ 0` keeps any index
 * from answering the distance.
 */
function exactVerdict(shape: CheckShape, scope: SQL): SQL {
  // The embedding of each memory by its index (a lateral subquery OFFSET 0 cannot become a hash join
  // over the whole embeddings table, whatever the planner estimates for the room).
  return sql`(SELECT CASE WHEN bool_or(${shape.isNear(sql`s.distance`)}) THEN 1 ELSE 0 END
    FROM memories m CROSS JOIN LATERAL (
      SELECT ${shape.distance} + 0 AS distance FROM embeddings e
      WHERE e.memory_id = m.id AND ${shape.stored} OFFSET 0) s
    WHERE ${scope} AND ${shape.matches})`;
}

/**
 * Whether the scope holds at most {@link NEAR_DUPLICATE_SCOPE_SCAN_LIMIT} memories of the table (of any
 * agent, entity or world: an upper bound counted from the index alone, stopping past the limit).
 */
function scopeIsSmall(bound: SQL, limit: number): SQL {
  return sql`(SELECT count(*) FROM (SELECT 1 FROM memories m WHERE ${bound}
      LIMIT ${sql.raw(String(limit + 1))}) b) <= ${sql.raw(String(limit))}`;
}

/**
 * Stage 1, one statement for the batch, a verdict per memory: 1 near-duplicate, 0 not, 2 unsettled.
 *
 * A memory whose scope (its room; without a room, the agent's table) is small gets the exact verdict
 * ({@link exactVerdict}), as the reference's rule: every matching memory compared. Otherwise the
 * {@link NEAR_DUPLICATE_CANDIDATES} nearest embeddings from the column's HNSW index with NO filter (a LIMIT subquery of the embeddings table
 * alone: on a table of some thousands of rows the planner has no cheaper ordered path, whatever its
 * estimates of the filters; on a small one it may sort the table instead), then each candidate's memory
 * by primary key (a subquery in the select list whose only condition is the id, so neither a join over
 * all memories nor another index of memories can answer it; the filters are its output).
 * 1: a near candidate matches the memory's agent/table/room/world/entity. 0: some candidate matches,
 * none near, so the nearest matching memory the index finds is among them, which is what an
 * iterative filtered scan would return first. 2 (every candidate from other rooms, entities, tables or
 * agents) goes to stage 2. CASE evaluates only the branch it takes.
 *
 * Filtering inside the nearest-neighbour search instead lets the planner, which estimates ~1 row for
 * the combined filters, answer with the agent's memories of the table and a sort: every check would
 * read and compare all of a room's memories, a cost growing with the room.
 */
function candidateCheck(shape: CheckShape, rows: SQL, scopeScanLimit: number): SQL {
  const roomScope = sql`m.room_id = t.room AND m.type = ${shape.tableName}`;
  const tableScope = sql`m.agent_id = ${shape.agentId} AND m.type = ${shape.tableName}`;
  if (!shape.approximateIndex) {
    // No HNSW index to ask: every scope is compared exactly, whatever its size.
    return sql`SELECT t.ord, (CASE WHEN t.room IS NOT NULL THEN ${exactVerdict(shape, roomScope)}
        ELSE ${exactVerdict(shape, tableScope)} END) = 1 AS dup, true AS settled
      FROM ${rows}`;
  }
  const candidates = sql`(SELECT CASE WHEN bool_or(k.near AND k.matching) THEN 1 WHEN bool_or(k.matching) THEN 0 ELSE 2 END
    FROM (
      SELECT ${shape.isNear(sql`c.distance`)} AS near,
             (SELECT ${shape.matches} FROM memories m WHERE m.id = c.memory_id) AS matching
      FROM (
        SELECT e.memory_id, ${shape.distance}::float8 AS distance FROM embeddings e
        WHERE ${nearestNeighbourSettingsCondition()} AND ${shape.stored}
        ORDER BY ${shape.distance} LIMIT ${sql.raw(String(NEAR_DUPLICATE_CANDIDATES))}
      ) c OFFSET 0
    ) k)`;
  return sql`SELECT v.ord, v.verdict = 1 AS dup, v.verdict <> 2 AS settled FROM (
    SELECT t.ord, CASE
      ${shape.withRoom ? sql`WHEN t.room IS NOT NULL AND ${scopeIsSmall(roomScope, scopeScanLimit)} THEN ${exactVerdict(shape, roomScope)}` : sql``}
      ${shape.withoutRoom ? sql`WHEN t.room IS NULL AND ${scopeIsSmall(tableScope, scopeScanLimit)} THEN ${exactVerdict(shape, tableScope)}` : sql``}
      ELSE ${candidates} END AS verdict
    FROM ${rows}) v`;
}

/**
 * Stage 2, for unsettled rows only: the nearest MATCHING memory, from the index under pgvector's
 * iterative scan (the caller sets it), or, when the index scan yields no row, by an exact search over
 * the matching memories (`<distance> + 0` cannot use the index).
 */
function filteredCheck(shape: CheckShape, rows: SQL): SQL {
  const nearest = (order: SQL) => sql`(
    SELECT ${shape.distance} FROM embeddings e JOIN memories m ON m.id = e.memory_id
    WHERE ${shape.matches} AND ${shape.stored} ORDER BY ${order} LIMIT 1)`;
  // OFFSET 0 keeps `d` a subquery: flattened, each use of d.distance would repeat the searches.
  return sql`SELECT t.ord, COALESCE((
      SELECT ${shape.isNear(sql`d.distance`)}
      FROM (SELECT COALESCE(${nearest(shape.distance)}, ${nearest(sql`${shape.distance} + 0`)})::float8 AS distance OFFSET 0) d
    ), false) AS dup, true AS settled
    FROM ${rows}`;
}

type CheckRow = { ord: string | number; dup: boolean; settled: boolean };

/** JIT off, local to the current transaction (see {@link resolveNearDuplicates}). */
const JIT_OFF = `SELECT set_config('jit', 'off', true)`;

/** Stage 1's statement for `rows` (exported for the plan tests). */
export function nearDuplicateCandidateStatement(
  scope: MemoryScope,
  tableName: string,
  rows: readonly PreparedMemory[],
  vectorTexts: VectorTexts = createVectorTexts(),
  scopeScanLimit = NEAR_DUPLICATE_SCOPE_SCAN_LIMIT,
): SQL {
  const shape = checkShape(scope, tableName, rows);
  return candidateCheck(shape, batchRows(shape, rows, vectorTexts), scopeScanLimit);
}

/**
 * Applies the rule to every memory of a batch that needs it (`unique` unset, embedding given), setting
 * its `values.unique`: memories of the batch are checked against the memories stored before it, not
 * against each other. Usually ONE read statement (stage 1); stage 2 runs, in a (sub)transaction of its
 * own, only for memories none of whose candidates is from their own agent/table/room/world/entity.
 * Exact (every matching memory compared, as the reference) when the memory's scope holds at most
 * `scopeScanLimit` memories ({@link NEAR_DUPLICATE_SCOPE_SCAN_LIMIT}); above it the index serves it, as
 * approximate as the reference's rule run through `searchMemories` on the index would be: the nearest
 * matching memory the graph search reaches decides.
 * A batch of more than one must run inside the transaction that then inserts it: JIT is turned off
 * local to it (the plan's estimated cost grows with the batch and passed `jit_above_cost`; compiling
 * cost ~0.2 s per 1,000-memory check). A single memory needs no transaction: the check is a read and
 * the insert one atomic statement. `vectors` shares the float32 vector texts with the insert.
 *
 * (Computing `unique` inside the INSERT itself crashed PGlite 0.3.16's wasm build, "memory access out of
 * bounds", so the check is its own statement.)
 */
export async function resolveNearDuplicates(
  ex: SqlExecutor,
  scope: MemoryScope,
  tableName: string,
  prepared: readonly PreparedMemory[],
  vectorTexts: VectorTexts = createVectorTexts(),
  scopeScanLimit = NEAR_DUPLICATE_SCOPE_SCAN_LIMIT,
): Promise<void> {
  const pending = prepared.filter(needsCheck);
  if (pending.length === 0) return;
  const shape = checkShape(scope, tableName, pending);
  const [, first] = await Promise.all([
    pending.length > 1 ? ex.query(JIT_OFF) : undefined,
    ex.query<CheckRow>(candidateCheck(shape, batchRows(shape, pending, vectorTexts), scopeScanLimit)),
  ]);
  const unsettled: PreparedMemory[] = [];
  for (const row of first) {
    const p = pending[Number(row.ord) - 1];
    if (!p) continue;
    p.values.unique = !row.dup;
    if (!row.settled) unsettled.push(p);
  }
  if (unsettled.length === 0) return;
  const second = await ex.transaction(async (tx) => {
    const [, , rows] = await Promise.all([
      scope.iterativeScan ? setHnswScanSettings(tx, 1) : undefined,
      tx.query(JIT_OFF),
      tx.query<CheckRow>(filteredCheck(shape, batchRows(shape, unsettled, vectorTexts))),
    ]);
    return rows;
  });
  for (const row of second) {
    const p = unsettled[Number(row.ord) - 1];
    if (p) p.values.unique = !row.dup;
  }
}
