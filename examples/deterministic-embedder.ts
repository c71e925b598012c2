/**
 * A deterministic local text embedder for the demo and the tests: hashed bag of words (FNV-1a of each
 * lower-cased word picks a dimension and a sign), L2-normalised. Texts sharing words point in similar
 * directions, so semantic recall is meaningful without a model server. Not for production.
 */
import { type IAgentRuntime, ModelType, type Plugin, type TextEmbeddingParams } from '@elizaos/core';

/** The embedding size (the smallest elizaOS supports). */
export const EMBEDDING_DIMENSION = 384;

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Embeds `text`: the same text always gives the same unit vector of {@link EMBEDDING_DIMENSION}. */
export function embedText(text: string, dimension = EMBEDDING_DIMENSION): number[] {
  const vector = new Array<number>(dimension).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    const hash = fnv1a(word);
    vector[hash % dimension] = (vector[hash % dimension] ?? 0) + ((hash >>> 16) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1; // the empty text: a fixed unit vector (cosine distance is undefined for zero vectors)
    return vector;
  }
  return vector.map((x) => x / norm);
}

/** A plugin registering {@link embedText} as the runtime's TEXT_EMBEDDING model. */
export const deterministicEmbedderPlugin: Plugin = {
  name: 'deterministic-embedder',
  description: 'Hashed bag-of-words embeddings (384 dimensions), deterministic and local',
  models: {
    [ModelType.TEXT_EMBEDDING]: async (
      _runtime: IAgentRuntime,
      params: TextEmbeddingParams | string | null,
    ) => {
      const text = typeof params === 'string' ? params : (params?.text ?? '');
      return embedText(text);
    },
  },
};
