import type { IDatabaseAdapter, UUID } from '@elizaos/core';
import type { SqlLogger } from '../sql-logger.js';
import type { CallBoundary } from './call-boundary.js';
import type { EmbeddingSpace } from './embedding-space.js';

/** What a domain method group sees as `this`: the adapter's parts, and its public interface. */
export interface AdapterContext extends IDatabaseAdapter {
  readonly agentId: UUID;
  /** The call boundary every method runs its store call through. */
  readonly calls: CallBoundary;
  readonly embeddings: EmbeddingSpace;
  readonly logger: SqlLogger;
}

/**
 * Declares a group of the adapter's public methods (one domain each, `src/methods/`); the adapter
 * class installs every group on its prototype, where the call boundary then guards each method.
 */
export function methodGroup<T extends object>(methods: T & ThisType<AdapterContext>): T {
  return methods;
}
