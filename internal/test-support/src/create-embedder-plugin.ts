import { EMBEDDING_DIMENSION, embedText } from './embed-text.js';

/**
 * An elizaOS plugin (structurally; this package does not depend on `@elizaos/core`) whose only model is
 * `TEXT_EMBEDDING` (the value of `ModelType.TEXT_EMBEDDING`), answered by {@link embedText}.
 */
export interface EmbedderPlugin {
  readonly name: string;
  readonly description: string;
  readonly models: {
    readonly TEXT_EMBEDDING: (runtime: unknown, params: unknown) => Promise<number[]>;
  };
}

/** The text a TEXT_EMBEDDING call asks for: a string, or `{ text }` (null asks for the empty text). */
function textOf(params: unknown): string {
  if (typeof params === 'string') return params;
  if (typeof params === 'object' && params !== null && 'text' in params && typeof params.text === 'string') {
    return params.text;
  }
  return '';
}

/** A plugin registering {@link embedText} at `dimension` as the runtime's TEXT_EMBEDDING model. */
export function createEmbedderPlugin(dimension = EMBEDDING_DIMENSION): EmbedderPlugin {
  return {
    name:
      dimension === EMBEDDING_DIMENSION ? 'deterministic-embedder' : `deterministic-embedder-${dimension}`,
    description: `Hashed bag-of-words embeddings (${dimension} dimensions), deterministic and local`,
    models: { TEXT_EMBEDDING: async (_runtime, params) => embedText(textOf(params), dimension) },
  };
}
