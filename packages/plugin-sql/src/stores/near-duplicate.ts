import { MAX_INDEXABLE_VECTOR_DIMENSION } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { type SQL, sql } from 'drizzle-orm';
import type { MemoryScope } from './memory-scope.js';
import { embeddingColumn, type PreparedMemory } from './memory-row.js';
import { setHnswScanSettings } from './memory-search.js';
import { plainArrayText } from './pg-array-text.js';
import { createVectorTexts, type VectorTexts } from './vector-text.js';

/** Similarity (1 - cosine distance) from which a memory is a near-duplicate (the reference's rule). */
export const NEAR_DUPLICATE_SIMILARITY = 0.95;

/** Whether a prepared memory needs the near-duplicate rule: `unique` unset and an embedding given. */
function needsCheck(p: PreparedMemory): boolean {
  return p.memory.unique === undefined && p.embedding !== undefined;
}

/** Whether any memory of a batch needs the near-duplicate rule (then its insert needs a transaction). */
export function needsNearDuplicateCheck(prepared: readonly PreparedMemory[]): boolean {
  return prepared.some(needsCheck);
}

/** What one check compares: the query vector and the room/world/entity filters (on alias `m`). */
interface NearDuplicateTarget {
  /** The query vector as pgvector text (cast here exactly as the HNSW index expects). */
  readonly vector: SQL;
  readonly filters: readonly SQL[];
}

/**
 * Boolean SQL: the agent already holds a memory of `tableName` (same room/world/entity when given) whose
 * embedding has similarity ≥ 0.95 to the target's. The nearest one is found by the column's HNSW index
 * (`ORDER BY <distance> LIMIT 1`); only when the index scan yields no row does an exact search over the
 * filtered rows answer (`<distance> + 0` cannot use the index), as `searchMemories` does.
 */
function nearDuplicateExists(scope: MemoryScope, tableName: string, target: NearDuplicateTarget): SQL {
  const dimension = scope.dimension;
  const column = sql.raw(`e.${embeddingColumn(dimension).name}`);
  const type = sql.raw(
    dimension > MAX_INDEXABLE_VECTOR_DIMENSION ? `halfvec(${dimension})` : `vector(${dimension})`,
  );
  const distance =
    dimension > MAX_INDEXABLE_VECTOR_DIMENSION
      ? sql`((${column})::${type} <=> (${target.vector})::${type})`
      : sql`(${column} <=> (${target.vector})::${type})`;
  const nearest = (order: SQL) => sql`(
    SELECT ${distance} FROM embeddings e JOIN memories m ON m.id = e.memory_id
    WHERE m.type = ${tableName} AND m.agent_id = ${scope.agentId} AND ${column} IS NOT NULL
      ${sql.join(
        target.filters.map((filter) => sql`AND ${filter} `),
        sql``,
      )}
    ORDER BY ${order} LIMIT 1)`;
  // NaN (zero vectors) is never similar, as in JavaScript (PostgreSQL sorts NaN above every number).
  // OFFSET 0 keeps `d` a subquery: flattened, each use of d.distance would repeat the searches.
  return sql`COALESCE((
    SELECT 1 - d.distance >= ${sql.raw(String(NEAR_DUPLICATE_SIMILARITY))} AND d.distance <> 'NaN'::float8
    FROM (SELECT COALESCE(${nearest(distance)}, ${nearest(sql`${distance} + 0`)})::float8 AS distance OFFSET 0) d
  ), false)`;
}

/**
 * Applies the rule to every memory of a batch that needs it (`unique` unset, embedding given), setting
 * its `values.unique`, with ONE statement whatever the batch size: the vectors and filters travel as 4
 * array parameters, unnested, each row with its own index-served nearest-neighbour subquery. Call it
 * inside the transaction that then inserts the batch (createMemory: a batch of one): memories of the
 * batch are checked against the memories stored before it, not against each other. `vectors` shares
 * the float32 vector texts with the insert (each embedding is formatted once).
 *
 * (Computing `unique` inside the INSERT itself crashed PGlite 0.3.16's wasm build, "memory access out of
 * bounds", so the check is its own statement in the insert's transaction.)
 */
export async function resolveNearDuplicates(
  tx: SqlExecutor,
  scope: MemoryScope,
  tableName: string,
  prepared: readonly PreparedMemory[],
  vectorTexts: VectorTexts = createVectorTexts(),
): Promise<void> {
  const pending = prepared.filter(needsCheck);
  if (pending.length === 0) return;
  // Vector literals hold only digits, signs, dots, exponents and commas: quoted array elements are safe.
  const vectors = plainArrayText(pending.map((p) => `"${vectorTexts.of(p)}"`));
  const exists = nearDuplicateExists(scope, tableName, {
    vector: sql.raw('t.vec'),
    filters: ['room', 'world', 'entity'].map((f) => sql.raw(`(t.${f} IS NULL OR m.${f}_id = t.${f})`)),
  });
  // Settings and check are issued together: on PostgreSQL they are pipelined on the transaction's
  // connection (one round trip) and run in the order sent; PGlite runs them in order too.
  // JIT off: the plan's cost counts the exact-search fallback of every row (rarely run), so from ~20
  // memories it passes jit_above_cost and PostgreSQL spent ~0.2 s compiling per 1,000-memory check
  // (0.56-0.69 s with JIT, 0.36-0.41 s without, same plan). Local to the insert's transaction.
  const [, , rows] = await Promise.all([
    scope.iterativeScan ? setHnswScanSettings(tx, 1) : undefined,
    tx.query(`SELECT set_config('jit', 'off', true)`),
    tx.query<{ ord: string | number; dup: boolean }>(sql`
    SELECT t.ord, ${exists} AS dup
    FROM unnest(${vectors}::text[], ${plainArrayText(pending.map((p) => p.values.roomId))}::uuid[],
                ${plainArrayText(pending.map((p) => p.values.worldId))}::uuid[],
                ${plainArrayText(pending.map((p) => p.values.entityId))}::uuid[])
         WITH ORDINALITY AS t(vec, room, world, entity, ord)`),
  ]);
  for (const row of rows) {
    const p = pending[Number(row.ord) - 1];
    if (p) p.values.unique = !row.dup;
  }
}
