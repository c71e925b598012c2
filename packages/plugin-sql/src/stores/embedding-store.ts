import {
  EMBEDDING_DIMENSIONS,
  type EmbeddingDimension,
  embeddingTable,
  memoryTable,
} from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { eq, sql } from 'drizzle-orm';
import { embeddingColumn } from './memory-row.js';

/**
 * Sets a memory's embedding in the column of `dimension`, tagged with `spaceId` (the active embedding
 * space; undefined: the tag is left as it is): updates the existing row, else inserts.
 */
export async function upsertEmbedding(
  ex: SqlExecutor,
  dimension: EmbeddingDimension,
  memoryId: UUID,
  embedding: number[],
  spaceId?: UUID,
): Promise<void> {
  const column = embeddingColumn(dimension).name;
  const literal = `[${embedding.join(',')}]`;
  const tag = spaceId === undefined ? sql`` : sql`, space_id = ${spaceId}`;
  const updated = await ex.query(
    sql`UPDATE embeddings SET ${sql.identifier(column)} = ${literal}::vector${tag} WHERE memory_id = ${memoryId} RETURNING id`,
  );
  if (updated.length === 0) {
    await ex.query(
      sql`INSERT INTO embeddings (memory_id, space_id, ${sql.identifier(column)}) VALUES (${memoryId}, ${spaceId ?? null}, ${literal}::vector)`,
    );
  }
}

/** The agent's embeddings of one dimension. */
export interface StoredEmbeddingsOfDimension {
  /** How many of the agent's memories hold a vector of this dimension. */
  readonly memories: number;
  /** When the newest of them was stored (ms since the epoch): the latest one decides the agent's dimension. */
  readonly lastStoredAt: number;
}

/** The agent's embeddings per dimension; dimensions it holds no vector of are absent. */
export async function describeStoredEmbeddings(
  ex: SqlExecutor,
  agentId: UUID,
): Promise<Map<EmbeddingDimension, StoredEmbeddingsOfDimension>> {
  const columns = sql.join(
    EMBEDDING_DIMENSIONS.map((d) => {
      const held = sql`${embeddingColumn(d)} IS NOT NULL`;
      return sql`count(DISTINCT ${embeddingTable.memoryId}) FILTER (WHERE ${held})::int AS ${sql.identifier(`n${d}`)},
        (extract(epoch FROM max(${embeddingTable.createdAt}) FILTER (WHERE ${held})) * 1000)::float8 AS ${sql.identifier(`t${d}`)}`;
    }),
    sql`, `,
  );
  const rows = await ex.query<Record<string, number | string | null>>(
    sql`SELECT ${columns} FROM ${embeddingTable} JOIN ${memoryTable} ON ${eq(memoryTable.id, embeddingTable.memoryId)} WHERE ${eq(memoryTable.agentId, agentId)}`,
  );
  const result = new Map<EmbeddingDimension, StoredEmbeddingsOfDimension>();
  for (const d of EMBEDDING_DIMENSIONS) {
    const memories = Number(rows[0]?.[`n${d}`] ?? 0);
    if (memories > 0) result.set(d, { memories, lastStoredAt: Number(rows[0]?.[`t${d}`]) });
  }
  return result;
}

/** Deletes the agent's embeddings held in any dimension other than `keep` (the re-embedding path). */
export async function clearOtherEmbeddings(
  ex: SqlExecutor,
  agentId: UUID,
  keep: EmbeddingDimension,
): Promise<number> {
  const rows = await ex.query(sql`
    DELETE FROM ${embeddingTable} e USING ${memoryTable} m
    WHERE m.id = e.memory_id AND m.agent_id = ${agentId} AND e.${sql.identifier(embeddingColumn(keep).name)} IS NULL
    RETURNING e.id`);
  return rows.length;
}
