/** Stable codes of {@link InvalidEmbeddingError}. */
export type InvalidEmbeddingErrorCode = 'UNSUPPORTED_EMBEDDING_DIMENSION' | 'INVALID_EMBEDDING_VECTOR';

/** Thrown when an embedding size is not supported or a vector does not fit its column. */
export class InvalidEmbeddingError extends Error {
  override readonly name = 'InvalidEmbeddingError';
  /** Stable, machine-readable reason. */
  readonly code: InvalidEmbeddingErrorCode;

  constructor(code: InvalidEmbeddingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
