import { embeddingCosineDistance } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Memory, UUID } from '@elizaos/core';
import { type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { inSpace } from './embedding-space-store.js';
import { hnswScanSettingsCondition } from './hnsw-scan-settings.js';
import { isGiven, uniqueOnly } from './store-values.js';
import type { MemoryScope } from './memory-scope.js';
import {
  assertEmbedding,
  embeddingColumn,
  MEMORY_COLUMNS,
  type MemoryRow,
  parseVectorText,
  toMemory,
} from './memory-row.js';

/** Parameters of a semantic search (IDatabaseAdapter.searchMemories). */
export interface SearchMemoriesParams {
  embedding: number[];
  /** Minimum similarity (1 - cosine distance), inclusive; `0` keeps similarity ≥ 0; undefined: no minimum. */
  match_threshold?: number;
  count?: number;
  unique?: boolean;
  tableName: string;
  query?: string;
  roomId?: UUID;
  worldId?: UUID;
  entityId?: UUID;
}

/** A raw search row: the memory, its embedding as pgvector text (or parsed, if a driver did), its distance. */
type SearchRow = MemoryRow & { embedding: string | number[]; distance: number | string };

/** A validated search: what the statement needs. */
interface SearchPlan {
  readonly distance: SQL;
  readonly column: SQL;
  readonly conditions: SQL;
  readonly limit: number;
}

/**
 * The search statement, written by hand (drizzle's select builder and row mapping cost about as much
 * client CPU as the rest of the call). `index`: `ORDER BY distance` (the output column, i.e. the HNSW
 * index expression, sent once) after the scan settings condition; `exact`: `distance + 0`, which no
 * index can serve, so every filtered row is compared. The limit (a validated integer) is written into the
 * text: with `LIMIT $n` PostgreSQL never adopts a generic plan for the prepared statement (its estimate
 * for an unknown limit is far costlier), so every call would be planned again.
 */
function searchStatement(plan: SearchPlan, order: 'index' | 'exact', settings: SQL | undefined): SQL {
  return sql`SELECT ${MEMORY_COLUMNS}, ${plan.column} AS embedding, ${plan.distance} AS distance
    FROM embeddings JOIN memories ON memories.id = embeddings.memory_id
    WHERE ${settings ? sql`${settings} AND ` : sql``}${plan.conditions} AND ${plan.column} IS NOT NULL
    ORDER BY ${order === 'index' ? sql`distance` : sql`${plan.distance} + 0`}
    LIMIT ${sql.raw(String(plan.limit))}`;
}

/**
 * The `count` memories of the agent nearest to `embedding` (cosine), most similar first, each with
 * `similarity` = 1 - distance.
 *
 * Served by the column's HNSW index: `ORDER BY <distance expression> LIMIT k` (the reference orders by
 * `1 - distance DESC`, which no index can serve). Filters must not starve the result (HNSW first
 * finds ef_search candidates, then filters): with pgvector ≥ 0.8 the statement carries
 * `hnsw.iterative_scan = relaxed_order` and `hnsw.ef_search` as a one-time condition
 * ({@link hnswScanSettingsCondition}: one statement, one round trip, no transaction), so the scan
 * continues until `k` rows pass the filters; relaxed order is then re-sorted here. When that still yields
 * fewer than k rows, an exact search over the filtered rows answers instead. The similarity threshold is
 * applied to the k nearest, which gives exactly the rows the reference's WHERE clause would (they are a
 * prefix by distance).
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
  const conditions: SQL[] = [
    sql`memories.type = ${params.tableName}`,
    sql`memories.agent_id = ${scope.agentId}`,
  ];
  // Only the active model's vectors: one more filter the index scan applies, no extra round trip.
  if (scope.space) conditions.push(inSpace('embeddings', scope.dimension, scope.space));
  if (uniqueOnly('unique', params.unique)) conditions.push(sql`memories."unique"`);
  if (isGiven(params.roomId)) conditions.push(sql`memories.room_id = ${assertUuid('roomId', params.roomId)}`);
  if (isGiven(params.worldId)) {
    conditions.push(sql`memories.world_id = ${assertUuid('worldId', params.worldId)}`);
  }
  if (isGiven(params.entityId)) {
    conditions.push(sql`memories.entity_id = ${assertUuid('entityId', params.entityId)}`);
  }
  const plan: SearchPlan = {
    distance: embeddingCosineDistance(scope.dimension, embedding),
    column: sql`${embeddingColumn(scope.dimension)}`,
    conditions: sql.join(conditions, sql` AND `),
    limit,
  };
  const settings = scope.iterativeScan ? hnswScanSettingsCondition(limit) : undefined;
  let rows = await ex.query<SearchRow>(searchStatement(plan, 'index', settings));
  // Fewer than k rows: either fewer rows pass the filters, or the index scan stopped early (no
  // iterative scans, or hnsw.max_scan_tuples reached). This is an exact search over the filtered rows:
  // never a starved result.
  if (rows.length < limit) rows = await ex.query<SearchRow>(searchStatement(plan, 'exact', undefined));
  return rows
    .map((row) => ({ row, similarity: 1 - Number(row.distance) }))
    .filter(({ similarity }) => threshold === undefined || similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || (a.row.id < b.row.id ? -1 : 1))
    .map(({ row, similarity }) => toMemory(row, parseVectorText(row.embedding), similarity));
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
 * Embeddings (in the agent's dimension) of the agent's memories whose `content->>query_field_sub_name`
 * is within `query_threshold` Levenshtein edits of `query_input` (fuzzystrmatch), closest first.
 * `query_threshold: 0` keeps exact matches only; `query_match_count: 0` returns none. As in the
 * reference, an input longer than levenshtein's 255-character limit gives no match instead of an error.
 */
export async function getCachedEmbeddings(
  ex: SqlExecutor,
  scope: MemoryScope,
  params: CachedEmbeddingsParams,
): Promise<Array<{ embedding: number[]; levenshtein_score: number }>> {
  if (params === null || typeof params !== 'object') throw invalidInput('params', params, 'an object');
  const limit = assertCount('query_match_count', params.query_match_count, 10, 10_000);
  const threshold = params.query_threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw invalidInput('query_threshold', threshold, 'a finite number (the most Levenshtein edits)');
  }
  for (const field of ['query_table_name', 'query_input', 'query_field_sub_name'] as const) {
    if (typeof params[field] !== 'string') throw invalidInput(field, params[field], 'a string');
  }
  if (limit === 0 || params.query_input.length > 255) return [];
  const field = params.query_field_sub_name;
  const column = sql`e.${sql.raw(embeddingColumn(scope.dimension).name)}`;
  const rows = await ex.query<{ embedding: string | number[]; score: number | string }>(sql`
    SELECT ${column}::text AS embedding, levenshtein(${params.query_input}, t.content_text) AS score
    FROM (
      SELECT m.id, m.content->>${field} AS content_text
      FROM memories m
      WHERE m.type = ${params.query_table_name} AND m.agent_id = ${scope.agentId}
        AND m.content->>${field} IS NOT NULL AND length(m.content->>${field}) <= 255
    ) t
    JOIN embeddings e ON e.memory_id = t.id
    WHERE ${scope.space ? inSpace('e', scope.dimension, scope.space) : sql`${column} IS NOT NULL`}
      AND levenshtein(${params.query_input}, t.content_text) <= ${threshold}
    ORDER BY score
    LIMIT ${limit}
  `);
  return rows.map((row) => ({
    embedding: Array.isArray(row.embedding) ? row.embedding : (JSON.parse(row.embedding) as number[]),
    levenshtein_score: Number(row.score),
  }));
}
