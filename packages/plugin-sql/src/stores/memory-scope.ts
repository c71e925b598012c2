import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import type { UUID } from '@elizaos/core';
import type { SpaceScope } from './embedding-space-store.js';

/** What memory store functions need to know about the adapter calling them. */
export interface MemoryScope {
  /** The adapter's agent: memories are created for it and searched within it. */
  readonly agentId: UUID;
  /** The agent's embedding dimension (set by `ensureEmbeddingDimension`, 384 until then). */
  readonly dimension: EmbeddingDimension;
  /** Whether pgvector ≥ 0.8 iterative index scans are available (filters cannot starve a search). */
  readonly iterativeScan: boolean;
  /** Whether the backend builds HNSW indexes (`DriverCapabilities.approximateVectorIndexes`); else every vector search is exact. */
  readonly approximateVectorIndex: boolean;
  /**
   * The agent's active embedding space: new vectors are tagged with it and searches see only its
   * vectors. Undefined before one is selected (untagged writes, searches over the whole column).
   */
  readonly space?: SpaceScope;
}

/** The part of a {@link MemoryScope} the backend decides, read once at start. */
export type VectorSearchSupport = Pick<MemoryScope, 'iterativeScan' | 'approximateVectorIndex'>;
