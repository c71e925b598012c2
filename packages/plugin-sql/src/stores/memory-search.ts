import { embeddingCosineDistance, embeddingTable, memoryTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Memory, UUID } from '@elizaos/core';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import type { MemoryScope } from './memory-scope.js';
import { assertEmbedding, embeddingColumn, toMemory } from './memory-row.js';

/** Parameters of a semantic search (IDatabaseAdapter.searchMemories). */
export interface SearchMemoriesParams {
  embedding: number[];
  /** Minimum similarity (1 - cosine distance); 0/undefined: no minimum (as in the reference). */
  match_threshold?: number;
  count?: number;
  unique?: boolean;
  tableName: string;
  query?: string;
  roomId?: UUID;
  worldId?: UUID;
  entityId?: UUID;
}

/** Largest `hnsw.ef_search` pgvector accepts. */
const MAX_EF_SEARCH = 1000;
/**
 * Smallest `hnsw.ef_search` used (pgvector's default is 40). bench/search-memories.ts, 100k clustered
 * 384-d embeddings: recall@10 0.89 at 40, 0.955 at 64, 0.97 at 100, at about the same latency.
 */
const MIN_EF_SEARCH = 100;

/**
 * Sets, local to `tx`'s transaction, an iterative (relaxed order) HNSW scan and an `hnsw.ef_search`
 * sized for `limit` results (pgvector ≥ 0.8): one round trip (`set_config(..., true)` = SET LOCAL).
 */
export async function setHnswScanSettings(tx: SqlExecutor, limit: number): Promise<void> {
  const ef = Math.min(MAX_EF_SEARCH, Math.max(MIN_EF_SEARCH, limit * 2));
  await tx.query(
    `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '${ef}', true)`,
  );
}

/**
 * The `count` memories of the agent nearest to `embedding` (cosine), most similar first, each with
 * `similarity` = 1 - distance.
 *
 * Served by the column's HNSW index: `ORDER BY <distance expression> LIMIT k` (the reference orders by
 * `1 - distance DESC`, which no index can serve). Filters must not starve the result (HNSW first
 * finds ef_search candidates, then filters): with pgvector ≥ 0.8 the query runs in a transaction with
 * `SET LOCAL hnsw.iterative_scan = relaxed_order`, so the scan continues until `k` rows pass the
 * filters; relaxed order is then re-sorted here. When that still yields fewer than k rows, an exact
 * search over the filtered rows answers instead. The similarity threshold is applied to the k nearest,
 * which gives exactly the rows the reference's WHERE clause would (they are a prefix by distance).
 */
export async function searchMemories(
  ex: SqlExecutor,
  scope: MemoryScope,
  params: SearchMemoriesParams,
): Promise<Memory[]> {
  const embedding = assertEmbedding('embedding', params.embedding, scope.dimension);
  if (typeof params.tableName !== 'string' || params.tableName === '') {
    throw invalidInput('tableName', params.tableName, 'a table name');
  }
  const limit = assertCount('count', params.count, 10, 10_000);
  const threshold = params.match_threshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw invalidInput('match_threshold', threshold, 'a finite number');
  }
  if (limit === 0) return [];
  const conditions: SQL[] = [eq(memoryTable.type, params.tableName), eq(memoryTable.agentId, scope.agentId)];
  if (params.unique) conditions.push(eq(memoryTable.unique, true));
  if (params.roomId) conditions.push(eq(memoryTable.roomId, assertUuid('roomId', params.roomId)));
  if (params.worldId) conditions.push(eq(memoryTable.worldId, assertUuid('worldId', params.worldId)));
  if (params.entityId) conditions.push(eq(memoryTable.entityId, assertUuid('entityId', params.entityId)));
  const column = embeddingColumn(scope.dimension);
  const distance = embeddingCosineDistance(scope.dimension, embedding);

  const select = (tx: SqlExecutor, order: SQL) =>
    tx.db
      .select({ memory: memoryTable, embedding: column, distance: sql<number>`${distance}`.mapWith(Number) })
      .from(embeddingTable)
      .innerJoin(memoryTable, eq(memoryTable.id, embeddingTable.memoryId))
      .where(and(...conditions, sql`${column} IS NOT NULL`))
      .orderBy(order)
      .limit(limit);
  const run = async (tx: SqlExecutor) => {
    if (scope.iterativeScan) await setHnswScanSettings(tx, limit);
    const fast = await select(tx, distance);
    if (fast.length >= limit) return fast;
    // Fewer than k rows: either fewer rows pass the filters, or the index scan stopped early (no
    // iterative scans, or hnsw.max_scan_tuples reached). `distance + 0` cannot use the HNSW index, so
    // this is an exact search over the filtered rows: never a starved result.
    return select(tx, sql`${distance} + 0`);
  };
  const rows = scope.iterativeScan ? await ex.transaction(run) : await run(ex);
  return rows
    .map((row) => ({ row, similarity: 1 - row.distance }))
    .filter(({ similarity }) => !threshold || similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || (a.row.memory.id < b.row.memory.id ? -1 : 1))
    .map(({ row, similarity }) => toMemory(row.memory, row.embedding, similarity));
}

/** Parameters of IDatabaseAdapter.getCachedEmbeddings. */
export interface CachedEmbeddingsParams {
  query_table_name: string;
  query_threshold: number;
  query_input: string;
  query_field_name: string;
  query_field_sub_name: string;
  query_match_count: number;
}

/**
 * Embeddings of memories whose `content->>query_field_sub_name` is within `query_threshold`
 * Levenshtein edits of `query_input` (fuzzystrmatch), closest first. As in the reference, an input
 * longer than levenshtein's 255-character limit gives no match instead of an error.
 */
export async function getCachedEmbeddings(
  ex: SqlExecutor,
  params: CachedEmbeddingsParams,
): Promise<Array<{ embedding: number[]; levenshtein_score: number }>> {
  const limit = assertCount('query_match_count', params.query_match_count, 10, 10_000);
  if (typeof params.query_input !== 'string' || params.query_input.length > 255) return [];
  const field = params.query_field_sub_name;
  const rows = await ex.query<{ embedding: string | number[]; score: number | string }>(sql`
    SELECT COALESCE(e.dim_384, e.dim_512, e.dim_768, e.dim_1024, e.dim_1536, e.dim_3072)::text AS embedding,
           levenshtein(${params.query_input}, t.content_text) AS score
    FROM (
      SELECT m.id, m.content->>${field} AS content_text
      FROM memories m
      WHERE m.type = ${params.query_table_name} AND m.content->>${field} IS NOT NULL
        AND length(m.content->>${field}) <= 255
    ) t
    JOIN embeddings e ON e.memory_id = t.id
    WHERE levenshtein(${params.query_input}, t.content_text) <= ${params.query_threshold}
    ORDER BY score
    LIMIT ${limit}
  `);
  return rows.map((row) => ({
    embedding: Array.isArray(row.embedding) ? row.embedding : (JSON.parse(row.embedding) as number[]),
    levenshtein_score: Number(row.score),
  }));
}
