/** Stable error codes of the facade. A caller branches on `code`, never on message text. */
export type ElizaSqlErrorCode =
  /** A value of the wrong shape or type reached the public API (malformed UUID, negative count, ...). */
  | 'INVALID_INPUT'
  /** An embedding's length is not the agent's dimension (NaN, Infinity or all zeros: INVALID_EMBEDDING_VECTOR). */
  | 'EMBEDDING_DIMENSION_MISMATCH'
  /**
   * The embedding model's dimension differs from the one the agent's embeddings were stored in, and
   * `EMBEDDING_DIMENSION_CHANGE` is `error` (the default); the message says what else to set.
   */
  | 'EMBEDDING_DIMENSION_CHANGE_REFUSED'
  /**
   * The embedding model changed at the same dimension (its fingerprint differs from the active
   * space's), and `EMBEDDING_DIMENSION_CHANGE` is `error`; the message names both and their similarity.
   */
  | 'EMBEDDING_MODEL_CHANGE_REFUSED'
  /** Reclaiming old vectors was refused: memories still lack a vector of the active space. */
  | 'EMBEDDING_SPACE_INCOMPLETE'
  /** Reclaiming old vectors was refused: a re-embedding into the active space is running. */
  | 'REEMBED_RUNNING'
  /** No embedding space is active for the agent yet (`ensureEmbeddingDimension` was not called). */
  | 'EMBEDDING_SPACE_UNKNOWN'
  /** The adapter was used before `init()` or after `close()`. */
  | 'ADAPTER_NOT_READY'
  /** A configuration value is missing or unusable. */
  | 'INVALID_CONFIG'
  /** The backend cannot do what was asked (declared by its capabilities). */
  | 'UNSUPPORTED_BY_BACKEND'
  /** A value PostgreSQL cannot store as given (also: any data exception, SQLSTATE class 22, e.g. 22021 NUL). */
  | 'UNSTORABLE_VALUE'
  // Raised by the database, mapped by SQLSTATE (class) or by the driver's / resilience policy's code:
  /** A row the write references does not exist (23503, foreign key). */
  | 'REFERENCED_ROW_MISSING'
  /** A row with the same unique key already exists (23505). */
  | 'UNIQUE_VIOLATION'
  /** The row breaks another constraint of its table: check, not-null, exclusion (other class 23). */
  | 'CONSTRAINT_VIOLATION'
  /** The database role may not do this: missing privilege or row-level security (42501, class 28). */
  | 'ACCESS_DENIED'
  /** The transaction conflicted with a concurrent one (class 40: serialization failure, deadlock); retry it. */
  | 'TRANSACTION_CONFLICT'
  /** The call or statement ran out of time (the policy's timeout, 57014 statement timeout, 55P03 lock timeout). */
  | 'TIMEOUT'
  /** No connection could be opened: the statement never ran (class 08 at connect, refused, DNS, 57P03, 53300). */
  | 'DATABASE_UNREACHABLE'
  /** The connection broke while the call ran (reset, closed, server shut down): the statement may have run. */
  | 'CONNECTION_LOST'
  /** The circuit breaker is open after repeated connection failures: the call was not attempted. */
  | 'CIRCUIT_OPEN'
  /** Any other error the database raised; `sqlstate` says which. */
  | 'DATABASE_ERROR'
  /** A defect: an error that is neither the database's nor a bad input (`cause` says what it was). */
  | 'INTERNAL_ERROR'
  /** The typed errors of the other eliza-sql packages keep their code (see {@link PACKAGE_ERROR_CODES}). */
  | PackageErrorCode
  /** One or more plugin schema migrations failed (each plugin named in the message). */
  | 'MIGRATION_FAILED'
  /** Data isolation was asked for while connected as a role that bypasses row-level security. */
  | 'ISOLATION_BYPASSED'
  /**
   * Data isolation was asked for but its functions/policies are missing from the database, or (on a
   * running adapter) were removed, or its login role is no longer bound to its server.
   */
  | 'ISOLATION_NOT_INSTALLED'
  /**
   * Data isolation was asked for on a connection a tenant could use to undo or step around it: the
   * login role owns (or is a member of the owner of) an isolated table, the schema or the tenant
   * mapping, holds TRUNCATE/TRIGGER or mapping-table privileges, or is not registered to the adapter's
   * server. The message names the SQL that fixes it.
   */
  | 'ISOLATION_UNSAFE_ROLE'
  /**
   * A create stored nothing because its id (or key) is already in use by a row the caller cannot see
   * or may not change (another server's, another agent's). Says nothing about that row.
   */
  | 'ID_CONFLICT'
  /** A copy or import target already holds other data for the same agents (pass `merge` to copy anyway). */
  | 'TARGET_HOLDS_OTHER_DATA'
  /** After a copy, a table's rows on the target differ from the source's (the message names the tables). */
  | 'COPY_VERIFICATION_FAILED'
  /** An agent archive is not one `exportAgent` wrote, is of an unknown version, or is truncated. */
  | 'INVALID_ARCHIVE'
  /** No agent has the id or name given. */
  | 'AGENT_NOT_FOUND';

/**
 * Codes of the other eliza-sql packages' typed errors: core-schema's `InvalidEmbeddingError`, the
 * adapters' data-directory lock and option errors, the migrator's, the resilience policy's option
 * error. Leaving the adapter, such an error becomes an ElizaSqlError with the same code, the same
 * message, and the package's error as `cause`.
 */
export const PACKAGE_ERROR_CODES = [
  'UNSUPPORTED_EMBEDDING_DIMENSION',
  'INVALID_EMBEDDING_VECTOR',
  'PGLITE_DATA_DIR_LOCKED',
  'PGLITE_DATA_DIR_NOT_EMPTY',
  'INVALID_DRIVER_OPTIONS',
  'INVALID_TAR_ARCHIVE',
  'DESTRUCTIVE_MIGRATION_BLOCKED',
  'INVALID_SCHEMA',
  'INVALID_POLICY_OPTION',
] as const;

/** One of {@link PACKAGE_ERROR_CODES}. */
export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

/** What an {@link ElizaSqlError} carries besides its code and message. */
export interface ElizaSqlErrorOptions {
  /** The error this one stands for (leaving the adapter: a copy without statement text or values). */
  readonly cause?: unknown;
  /** The public method (or exported function) that failed. */
  readonly operation?: string;
  /** PostgreSQL's SQLSTATE, when the database raised the error. */
  readonly sqlstate?: string;
  /** The constraint, table and column PostgreSQL named, where it names one. */
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
}

/**
 * Every error that leaves the adapter: a stable `code`, a short message (never statement text or
 * bound values), the `operation` that failed, the database's `sqlstate` / `constraint` / `table` /
 * `column` where there is one, and a `cause` chain free of statements and values.
 */
export class ElizaSqlError extends Error {
  override readonly name = 'ElizaSqlError';
  readonly code: ElizaSqlErrorCode;
  /** The public method that failed; set where the error leaves the adapter (the outermost call). */
  operation: string | undefined;
  readonly sqlstate: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;

  constructor(code: ElizaSqlErrorCode, message: string, options?: ElizaSqlErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.operation = options?.operation;
    this.sqlstate = options?.sqlstate;
    this.constraint = options?.constraint;
    this.table = options?.table;
    this.column = options?.column;
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
