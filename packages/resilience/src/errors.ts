/** Stable codes of the errors this package raises itself. Branch on `code`, never on message text. */
export type ResilienceErrorCode = 'CIRCUIT_OPEN' | 'TIMEOUT' | 'INVALID_POLICY_OPTION';

/**
 * The breaker is open: the call was rejected at once, without running `fn`.
 * `cause` is the failure that opened the breaker; `retryAt` is when the next trial call is admitted.
 */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly code = 'CIRCUIT_OPEN' as const;
  /** When the breaker admits its next trial call (`opened at + resetTimeout`). */
  readonly retryAt: Date;
  /** Milliseconds from the rejection until `retryAt` (0 when a trial is already due). */
  readonly retryInMs: number;

  constructor(retryAt: Date, now: number, cause: unknown) {
    const retryInMs = Math.max(0, retryAt.getTime() - now);
    super(
      `Circuit breaker is open after repeated transient failures; next trial call in ${retryInMs} ms (at ${retryAt.toISOString()})`,
      { cause },
    );
    this.retryAt = retryAt;
    this.retryInMs = retryInMs;
  }
}

/** One attempt ran longer than its timeout (`connectionTimeout`, or the call's `timeoutMs`). */
export class PolicyTimeoutError extends Error {
  override readonly name = 'PolicyTimeoutError';
  readonly code = 'TIMEOUT' as const;
  /** The timeout the attempt exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, cause?: unknown) {
    super(`Operation timed out after ${timeoutMs} ms`, { cause });
    this.timeoutMs = timeoutMs;
  }
}

/** An option of `createDatabasePolicy()` or `execute()` is out of range or of the wrong type. */
export class InvalidPolicyOptionError extends Error {
  override readonly name = 'InvalidPolicyOptionError';
  readonly code = 'INVALID_POLICY_OPTION' as const;
  /** The offending option's name. */
  readonly option: string;

  constructor(option: string, value: unknown, expected: string) {
    super(
      `${option}: expected ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
    this.option = option;
  }
}

/** True when `err` is a {@link CircuitOpenError}. */
export function isCircuitOpenError(err: unknown): err is CircuitOpenError {
  return err instanceof CircuitOpenError;
}

/** True when `err` is a {@link PolicyTimeoutError}. */
export function isPolicyTimeoutError(err: unknown): err is PolicyTimeoutError {
  return err instanceof PolicyTimeoutError;
}
