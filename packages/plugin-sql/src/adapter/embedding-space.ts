import { EMBEDDING_DIMENSIONS, type EmbeddingDimension, isEmbeddingDimension } from '@eliza-sql/core-schema';
import { withAdvisoryLock } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import type { EmbeddingDimensionChange } from '../config.js';
import { selectEmbeddingSpace } from '../embedding-lifecycle/select-embedding-space.js';
import { invalidInput } from '../errors.js';
import type { SqlLogger } from '../sql-logger.js';
import { clearOtherEmbeddings } from '../stores/embedding-store.js';
import type { EmbeddingSpaceRecord } from '../stores/embedding-space-store.js';
import type { MemoryScope, VectorSearchSupport } from '../stores/memory-scope.js';
import type { CallBoundary } from './call-boundary.js';

/** Gives the embedding model's vector for the fingerprint probe text (one call). */
export type EmbeddingModelProbe = () => Promise<number[]>;

/** The lock key under which an agent's embedding space is selected (so two starts cannot both create one). */
const spaceLockKey = (agentId: UUID) => `eliza-sql:embedding-space:${agentId}`;

/**
 * The agent's active embedding space (dimension + model) and what a change of it does to stored
 * vectors. Memory writes are tagged with the active space and searches see only its vectors.
 */
export class EmbeddingSpace {
  #dimension: EmbeddingDimension = 384;
  /** The dimension `ensure`/`change` last selected (none yet: undefined). */
  #selected: EmbeddingDimension | undefined;
  #space: EmbeddingSpaceRecord | undefined;
  #probe: EmbeddingModelProbe | undefined;
  /** The fingerprint of this start (probed at most once per adapter instance). */
  #fingerprint: Promise<number[] | undefined> | undefined;

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

  /** The active space, once `ensure` selected one. */
  get active(): EmbeddingSpaceRecord | undefined {
    return this.#space;
  }

  /** What `EMBEDDING_DIMENSION_CHANGE` says a model change does. */
  get changeMode(): EmbeddingDimensionChange {
    return this.onChange;
  }

  /** The scope memory store functions work in. */
  get memoryScope(): MemoryScope {
    const space = this.#space;
    return {
      agentId: this.agentId,
      dimension: this.#dimension,
      ...this.vectorSearch(),
      space: space && { id: space.id, adoptsUntagged: space.adoptsUntagged },
    };
  }

  /**
   * Lets `ensure` fingerprint the embedding model (the plugin passes `runtime.useModel`): called at
   * most once per adapter, on the first `ensure`. Without a probe only dimension changes are seen.
   */
  useModelProbe(probe: EmbeddingModelProbe): void {
    this.#probe = probe;
  }

  /** See `SqlDatabaseAdapter.ensureEmbeddingDimension`. */
  async ensure(dimension: number): Promise<void> {
    const wanted = assertDimension(dimension);
    if (this.#selected === wanted && this.#space?.dimension === wanted) return; // decided: one warning per switch
    const probe = await this.#probeOnce(wanted);
    const selected = await this.calls.write((ex) =>
      withAdvisoryLock(ex, spaceLockKey(this.agentId), (tx) =>
        selectEmbeddingSpace(tx, this.agentId, wanted, probe, this.onChange),
      ),
    );
    for (const warning of selected.warnings) {
      this.logger.warn(warning, {
        agentId: this.agentId,
        from: selected.changedFrom?.id,
        to: selected.space?.id,
        dimension: wanted,
      });
    }
    this.#space = selected.space;
    this.#select(wanted);
  }

  /** See `SqlDatabaseAdapter.changeEmbeddingDimension`. */
  async change(dimension: number): Promise<number> {
    const wanted = assertDimension(dimension);
    const deleted = await this.calls.write((ex) =>
      ex.transaction((tx) => clearOtherEmbeddings(tx, this.agentId, wanted)),
    );
    this.#selected = undefined;
    await this.ensure(wanted); // only `wanted` vectors are left: selects its space without a warning
    return deleted;
  }

  #select(dimension: EmbeddingDimension): void {
    this.#dimension = dimension;
    this.#selected = dimension;
  }

  /** The model's fingerprint, probed once; a failing or odd-sized probe skips the check (with a warning). */
  #probeOnce(dimension: EmbeddingDimension): Promise<number[] | undefined> {
    const probe = this.#probe;
    if (!probe) return Promise.resolve(undefined);
    this.#fingerprint ??= probe().then(
      (vector) => (isFingerprint(vector) ? vector : undefined),
      (err: unknown) => {
        this.logger.warn(
          'Embedding model fingerprint probe failed; the model-change check is skipped this start',
          {
            agentId: this.agentId,
            error: err instanceof Error ? err.message : String(err),
          },
        );
        return undefined;
      },
    );
    return this.#fingerprint.then((vector) => {
      if (vector && vector.length !== dimension) {
        this.logger.warn('Embedding model fingerprint has another length than the dimension; check skipped', {
          agentId: this.agentId,
          fingerprintLength: vector.length,
          dimension,
        });
        return undefined;
      }
      return vector;
    });
  }
}

function isFingerprint(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((x) => typeof x === 'number' && Number.isFinite(x))
  );
}

function assertDimension(dimension: number): EmbeddingDimension {
  if (!isEmbeddingDimension(dimension)) {
    throw invalidInput('dimension', dimension, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
  }
  return dimension;
}
