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

/** Sets a memory's embedding in the column of `dimension` (updates the existing row, else inserts). */
export async function upsertEmbedding(
  ex: SqlExecutor,
  dimension: EmbeddingDimension,
  memoryId: UUID,
  embedding: number[],
): Promise<void> {
  const column = embeddingColumn(dimension).name;
  const literal = `[${embedding.join(',')}]`;
  const updated = await ex.query(
    sql`UPDATE embeddings SET ${sql.identifier(column)} = ${literal}::vector WHERE memory_id = ${memoryId} RETURNING id`,
  );
  if (updated.length === 0) {
    await ex.query(
      sql`INSERT INTO embeddings (memory_id, ${sql.identifier(column)}) VALUES (${memoryId}, ${literal}::vector)`,
    );
  }
}

/** How many embeddings the agent's memories hold, per dimension (dimensions with none are omitted). */
export async function countStoredEmbeddings(
  ex: SqlExecutor,
  agentId: UUID,
): Promise<Map<EmbeddingDimension, number>> {
  const counts = sql.join(
    EMBEDDING_DIMENSIONS.map((d) => sql`count(${embeddingColumn(d)})::int AS ${sql.identifier(`d${d}`)}`),
    sql`, `,
  );
  const rows = await ex.query(
    sql`SELECT ${counts} FROM ${embeddingTable} JOIN ${memoryTable} ON ${eq(memoryTable.id, embeddingTable.memoryId)} WHERE ${eq(memoryTable.agentId, agentId)}`,
  );
  const result = new Map<EmbeddingDimension, number>();
  for (const d of EMBEDDING_DIMENSIONS) {
    const n = Number(rows[0]?.[`d${d}`] ?? 0);
    if (n > 0) result.set(d, n);
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
