/** Stable error codes of the facade. A caller branches on `code`, never on message text. */
export type ElizaSqlErrorCode =
  /** A value of the wrong shape or type reached the public API (malformed UUID, negative count, ...). */
  | 'INVALID_INPUT'
  /** An embedding's length is not the agent's dimension, or it holds NaN/Infinity. */
  | 'EMBEDDING_DIMENSION_MISMATCH'
  /**
   * The embedding model's dimension differs from the one the agent's embeddings were stored in, and
   * `EMBEDDING_DIMENSION_CHANGE` is `error` (the default); the message says what else to set.
   */
  | 'EMBEDDING_DIMENSION_CHANGE_REFUSED'
  /** The adapter was used before `init()` or after `close()`. */
  | 'ADAPTER_NOT_READY'
  /** A configuration value is missing or unusable. */
  | 'INVALID_CONFIG'
  /** The backend cannot do what was asked (declared by its capabilities). */
  | 'UNSUPPORTED_BY_BACKEND'
  /** A value PostgreSQL cannot store as given. */
  | 'UNSTORABLE_VALUE'
  /** One or more plugin schema migrations failed (each plugin named in the message). */
  | 'MIGRATION_FAILED'
  /** Data isolation was asked for while connected as a role that bypasses row-level security. */
  | 'ISOLATION_BYPASSED'
  /** Data isolation was asked for but its functions/policies are missing from the database. */
  | 'ISOLATION_NOT_INSTALLED'
  /**
   * A create stored nothing because its id (or key) is already in use by a row the caller cannot see
   * or may not change (another server's, another agent's). Says nothing about that row.
   */
  | 'ID_CONFLICT';

/** Every error the facade raises itself: a stable `code`, a message naming the value, and the `cause`. */
export class ElizaSqlError extends Error {
  override readonly name = 'ElizaSqlError';
  readonly code: ElizaSqlErrorCode;

  constructor(code: ElizaSqlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `err` is an {@link ElizaSqlError}, optionally of the given code. */
export function isElizaSqlError(err: unknown, code?: ElizaSqlErrorCode): err is ElizaSqlError {
  return err instanceof ElizaSqlError && (code === undefined || err.code === code);
}

/** Describes a value for an error message without dumping megabytes of it. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `an object (${Object.keys(value).slice(0, 5).join(', ')})`;
}

/** An INVALID_INPUT error: `field` got `value`, `expected` says what it should have been. */
export function invalidInput(field: string, value: unknown, expected: string): ElizaSqlError {
  return new ElizaSqlError('INVALID_INPUT', `${field}: expected ${expected}, got ${describeValue(value)}`);
}
