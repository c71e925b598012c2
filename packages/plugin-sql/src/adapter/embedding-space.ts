import { EMBEDDING_DIMENSIONS, type EmbeddingDimension, isEmbeddingDimension } from '@eliza-sql/core-schema';
import type { UUID } from '@elizaos/core';
import type { EmbeddingDimensionChange } from '../config.js';
import { decideEmbeddingDimension } from '../decide-embedding-dimension.js';
import { invalidInput } from '../errors.js';
import type { SqlLogger } from '../sql-logger.js';
import { clearOtherEmbeddings, describeStoredEmbeddings } from '../stores/embedding-store.js';
import type { MemoryScope, VectorSearchSupport } from '../stores/memory-scope.js';
import type { CallBoundary } from './call-boundary.js';

/** The agent's active embedding dimension, and what a change of it does to stored vectors. */
export class EmbeddingSpace {
  #dimension: EmbeddingDimension = 384;
  /** The dimension `ensure`/`change` last selected (none yet: undefined). */
  #selected: EmbeddingDimension | undefined;

  constructor(
    private readonly agentId: UUID,
    private readonly calls: CallBoundary,
    private readonly logger: SqlLogger,
    private readonly onChange: EmbeddingDimensionChange,
    /** What the backend's vector search can do (iterative scans, HNSW indexes). */
    private readonly vectorSearch: () => VectorSearchSupport,
  ) {}

  get dimension(): EmbeddingDimension {
    return this.#dimension;
  }

  /** The scope memory store functions work in. */
  get memoryScope(): MemoryScope {
    return { agentId: this.agentId, dimension: this.#dimension, ...this.vectorSearch() };
  }

  /** See `SqlDatabaseAdapter.ensureEmbeddingDimension`. */
  async ensure(dimension: number): Promise<void> {
    const wanted = assertDimension(dimension);
    if (this.#selected === wanted) return; // decided already: one warning per switch
    const stored = await this.calls.read((ex) => describeStoredEmbeddings(ex, this.agentId));
    const decision = decideEmbeddingDimension(this.agentId, wanted, stored, this.onChange);
    for (const warning of decision.warnings) {
      this.logger.warn(warning, {
        agentId: this.agentId,
        from: decision.from,
        to: wanted,
        memoriesWithOldVectors: decision.memoriesOfFrom,
      });
    }
    this.#select(wanted);
  }

  /** See `SqlDatabaseAdapter.changeEmbeddingDimension`. */
  async change(dimension: number): Promise<number> {
    const wanted = assertDimension(dimension);
    const deleted = await this.calls.write((ex) =>
      ex.transaction((tx) => clearOtherEmbeddings(tx, this.agentId, wanted)),
    );
    this.#select(wanted);
    return deleted;
  }

  #select(dimension: EmbeddingDimension): void {
    this.#dimension = dimension;
    this.#selected = dimension;
  }
}

function assertDimension(dimension: number): EmbeddingDimension {
  if (!isEmbeddingDimension(dimension)) {
    throw invalidInput('dimension', dimension, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
  }
  return dimension;
}
