import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import type { UUID } from '@elizaos/core';
import type { EmbeddingDimensionChange } from './config.js';
import { ElizaSqlError } from './errors.js';
import type { StoredEmbeddingsOfDimension } from './stores/embedding-store.js';

/** What `ensureEmbeddingDimension(requested)` does with the agent's stored embeddings. */
export interface EmbeddingDimensionDecision {
  /** The dimension the agent's embeddings were stored in when it is not `requested` (a switch), else undefined. */
  readonly from: EmbeddingDimension | undefined;
  /** How many memories hold a vector of `from` (0 when no switch). */
  readonly memoriesOfFrom: number;
  /** The warnings to log, one line each. */
  readonly warnings: readonly string[];
}

/**
 * The agent's current dimension is the one its newest embedding was stored in: after a switch, the
 * old vectors stay, and only new writes tell which model the agent uses now. Ties go to `requested`.
 */
function currentDimension(
  requested: EmbeddingDimension,
  stored: ReadonlyMap<EmbeddingDimension, StoredEmbeddingsOfDimension>,
): EmbeddingDimension | undefined {
  let current: EmbeddingDimension | undefined;
  let latest = Number.NEGATIVE_INFINITY;
  for (const [dimension, { lastStoredAt }] of stored) {
    if (lastStoredAt > latest || (lastStoredAt === latest && dimension === requested)) {
      current = dimension;
      latest = lastStoredAt;
    }
  }
  return current;
}

/** "12 memories hold 384-dimension vectors (and 3 hold 512-dimension vectors)". */
function describeHeld(
  from: EmbeddingDimension,
  requested: EmbeddingDimension,
  stored: ReadonlyMap<EmbeddingDimension, StoredEmbeddingsOfDimension>,
): string {
  const count = (d: EmbeddingDimension) => stored.get(d)?.memories ?? 0;
  const others = [...stored.keys()]
    .filter((d) => d !== from)
    .map((d) => `${count(d)} hold ${d}-dimension vectors${d === requested ? ' already' : ''}`);
  return `${count(from)} memories hold ${from}-dimension vectors${others.length > 0 ? ` (and ${others.join(', ')})` : ''}`;
}

/**
 * Decides what selecting `requested` means for an agent whose embeddings are `stored`. No switch:
 * nothing to say. A switch under `error` throws EMBEDDING_DIMENSION_CHANGE_REFUSED (the message names
 * the agent, both dimensions, the counts and the other values of the setting); under `switch` /
 * `reembed` it returns the warnings. Nothing is ever deleted here.
 */
export function decideEmbeddingDimension(
  agentId: UUID,
  requested: EmbeddingDimension,
  stored: ReadonlyMap<EmbeddingDimension, StoredEmbeddingsOfDimension>,
  mode: EmbeddingDimensionChange,
): EmbeddingDimensionDecision {
  const from = currentDimension(requested, stored);
  if (from === undefined || from === requested) return { from: undefined, memoriesOfFrom: 0, warnings: [] };
  const memoriesOfFrom = stored.get(from)?.memories ?? 0;
  const held = describeHeld(from, requested, stored);
  if (mode === 'error') {
    throw new ElizaSqlError(
      'EMBEDDING_DIMENSION_CHANGE_REFUSED',
      `Cannot change embedding dimension for agent ${agentId} from ${from} to ${requested}: ${held}, ` +
        `and a search with ${requested}-dimension vectors cannot find them. ` +
        `Set EMBEDDING_DIMENSION_CHANGE=switch to keep them (not searched while the agent uses ${requested}, ` +
        `searchable again after switching back to ${from}) and store new vectors at ${requested}, ` +
        `or EMBEDDING_DIMENSION_CHANGE=reembed (the same, plus re-embedding the old memories in the background, ` +
        `which calls the embedding model once per memory). Or return to the ${from}-dimension embedding model.`,
    );
  }
  const warnings = [
    `Embedding dimension of agent ${agentId} switched from ${from} to ${requested} ` +
      `(EMBEDDING_DIMENSION_CHANGE=${mode}): ${held}; they are kept but not searched until the agent ` +
      `switches back to ${from}. New vectors are stored at ${requested}.`,
  ];
  if (mode === 'reembed') {
    warnings.push(
      `EMBEDDING_DIMENSION_CHANGE=reembed: the re-embedding service re-embeds the ${memoriesOfFrom} memories with ` +
        `${from}-dimension vectors in the background; each is searchable again once re-embedded.`,
    );
  }
  return { from, memoriesOfFrom, warnings };
}
