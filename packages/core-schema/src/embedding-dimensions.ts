/**
 * The embedding sizes the `embeddings` table has a column for, and the Drizzle property of each.
 * Values match `VECTOR_DIMS` of `@elizaos/core`.
 */
export const VECTOR_DIMS = {
  SMALL: 384,
  MEDIUM: 512,
  LARGE: 768,
  XL: 1024,
  XXL: 1536,
  XXXL: 3072,
} as const;

/** One of the supported embedding sizes: 384, 512, 768, 1024, 1536 or 3072. */
export type EmbeddingDimension = (typeof VECTOR_DIMS)[keyof typeof VECTOR_DIMS];

/** Embedding size → Drizzle property of `embeddingTable` holding vectors of that size. */
export const DIMENSION_MAP = {
  [VECTOR_DIMS.SMALL]: 'dim384',
  [VECTOR_DIMS.MEDIUM]: 'dim512',
  [VECTOR_DIMS.LARGE]: 'dim768',
  [VECTOR_DIMS.XL]: 'dim1024',
  [VECTOR_DIMS.XXL]: 'dim1536',
  [VECTOR_DIMS.XXXL]: 'dim3072',
} as const satisfies Record<EmbeddingDimension, string>;

/** A Drizzle property of `embeddingTable` holding vectors: `'dim384'` ... `'dim3072'`. */
export type EmbeddingColumnName = (typeof DIMENSION_MAP)[EmbeddingDimension];

/** Every supported embedding size, ascending. */
export const EMBEDDING_DIMENSIONS: readonly EmbeddingDimension[] = Object.values(VECTOR_DIMS);

/**
 * Largest size pgvector can index as `vector` (HNSW/IVFFlat limit). Larger sizes are indexed as
 * `halfvec` through an expression index (see `embeddingCosineDistance`).
 */
export const MAX_INDEXABLE_VECTOR_DIMENSION = 2000;

/** Whether `value` is one of the supported embedding sizes. */
export function isEmbeddingDimension(value: unknown): value is EmbeddingDimension {
  return typeof value === 'number' && (EMBEDDING_DIMENSIONS as readonly number[]).includes(value);
}
