import { type SQL, sql } from 'drizzle-orm';
import {
  DIMENSION_MAP,
  EMBEDDING_DIMENSIONS,
  type EmbeddingDimension,
  isEmbeddingDimension,
  MAX_INDEXABLE_VECTOR_DIMENSION,
} from './embedding-dimensions.js';
import { InvalidEmbeddingError } from './invalid-embedding-error.js';
import { embeddingTable } from './tables/embedding-table.js';

/** Name of the HNSW cosine index on each embedding column (an additive improvement over the reference). */
export const EMBEDDING_HNSW_INDEX_NAMES = {
  384: 'idx_embeddings_dim_384_hnsw',
  512: 'idx_embeddings_dim_512_hnsw',
  768: 'idx_embeddings_dim_768_hnsw',
  1024: 'idx_embeddings_dim_1024_hnsw',
  1536: 'idx_embeddings_dim_1536_hnsw',
  3072: 'idx_embeddings_dim_3072_hnsw',
} as const satisfies Record<EmbeddingDimension, string>;

/** Throws {@link InvalidEmbeddingError} unless `dimension` is a supported embedding size. */
export function assertEmbeddingDimension(dimension: unknown): asserts dimension is EmbeddingDimension {
  if (!isEmbeddingDimension(dimension)) {
    throw new InvalidEmbeddingError(
      'UNSUPPORTED_EMBEDDING_DIMENSION',
      `Unsupported embedding dimension ${String(dimension)}: expected one of ${EMBEDDING_DIMENSIONS.join(', ')}`,
    );
  }
}

/**
 * The pgvector text literal of `embedding` (`[0.1,0.2,...]`), checked against `dimension`: exactly
 * `dimension` finite numbers, or {@link InvalidEmbeddingError}.
 */
export function toVectorLiteral(dimension: EmbeddingDimension, embedding: readonly number[]): string {
  assertEmbeddingDimension(dimension);
  if (embedding.length !== dimension) {
    throw new InvalidEmbeddingError(
      'INVALID_EMBEDDING_VECTOR',
      `Embedding has ${embedding.length} values: expected exactly ${dimension} for a ${dimension}-dimension column`,
    );
  }
  const badIndex = embedding.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
  if (badIndex !== -1) {
    throw new InvalidEmbeddingError(
      'INVALID_EMBEDDING_VECTOR',
      `Embedding value at index ${badIndex} is ${String(embedding[badIndex])}: expected a finite number`,
    );
  }
  return `[${embedding.join(',')}]`;
}

/**
 * The cosine distance (`<=>`, 0 = same direction, 2 = opposite) between the `embeddings` column of
 * `dimension` and `embedding`, written exactly as the column's HNSW index is defined, so
 * `ORDER BY embeddingCosineDistance(d, v) LIMIT k` can be answered by that index:
 * - up to 1536 dimensions: `embeddings.dim_N <=> $1::vector(N)`;
 * - 3072 dimensions (above pgvector's 2000-dimension `vector` index limit):
 *   `(embeddings.dim_3072)::halfvec(3072) <=> $1::halfvec(3072)` (half precision, as indexed).
 *
 * The vector is sent as one bound parameter. Similarity, as the reference reports it, is `1 - distance`.
 * Throws {@link InvalidEmbeddingError} for an unsupported dimension or a vector of the wrong size.
 */
export function embeddingCosineDistance(dimension: EmbeddingDimension, embedding: readonly number[]): SQL {
  const literal = toVectorLiteral(dimension, embedding);
  const column = embeddingTable[DIMENSION_MAP[dimension]];
  if (dimension > MAX_INDEXABLE_VECTOR_DIMENSION) {
    const type = sql.raw(`halfvec(${dimension})`);
    return sql`((${column})::${type} <=> ${literal}::${type})`;
  }
  return sql`(${column} <=> ${literal}::${sql.raw(`vector(${dimension})`)})`;
}
