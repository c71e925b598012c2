import type { ExecuteOptions } from './database-policy-options.js';
import type { Subscription } from './listeners.js';

/** The breaker's state. `half-open` covers the whole trial phase, until enough trial calls succeeded. */
export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** A retry is scheduled (emitted before the delay). */
export interface RetryEvent {
  /** Number of this retry, 1-based (the attempt that follows is attempt `retry + 1`). */
  readonly attempt: number;
  /** Milliseconds until the retry runs (backoff + jitter). */
  readonly delayMs: number;
  /** The transient error of the attempt that failed. */
  readonly error: unknown;
}

/** The breaker opened. */
export interface BreakEvent {
  /** The failure that opened it. */
  readonly error: unknown;
  /** When the next trial call will be admitted. */
  readonly retryAt: Date;
  /** `resetTimeout`: milliseconds until `retryAt`. */
  readonly retryInMs: number;
}

/** The breaker admitted its first trial call after `resetTimeout`. */
export interface HalfOpenEvent {
  /** Successful trial calls needed to close (`halfOpenMaxAttempts`). */
  readonly requiredSuccesses: number;
}

/** The breaker closed again. */
export interface ResetEvent {
  /** Milliseconds since the breaker first opened in this outage. */
  readonly downtimeMs: number;
}

/** An attempt exceeded its timeout. */
export interface TimeoutEvent {
  /** The timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** Which attempt of the call timed out, 1-based. */
  readonly attempt: number;
}

/** Counters since the policy was created; `calls = successes + failures + rejections + in flight`. */
export interface PolicyStats {
  /** `execute()` calls. */
  readonly calls: number;
  /** Calls that resolved. */
  readonly successes: number;
  /** Calls that rejected with `fn`'s error or a timeout (after any retries). */
  readonly failures: number;
  /** Retries scheduled. */
  readonly retries: number;
  /** Calls rejected with `CircuitOpenError` (fail fast; also a call whose pending retry met an open breaker). */
  readonly rejections: number;
  /** Attempts that timed out. */
  readonly timeouts: number;
  /** Times the breaker opened. */
  readonly breaks: number;
}

/** Circuit breaker + retry + per-attempt timeout, composed once. Created by `createDatabasePolicy()`. */
export interface DatabasePolicy {
  /**
   * Runs `fn` under the policy. `signal` aborts when the attempt times out. Resolves with `fn`'s value;
   * rejects with `fn`'s own error (same object) when it is permanent or retries are exhausted,
   * `CircuitOpenError` when the breaker is open, `PolicyTimeoutError` when the (last) attempt timed out.
   */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, options?: ExecuteOptions): Promise<T>;
  /** The breaker's current state. */
  readonly state: CircuitStateName;
  /** A snapshot of the counters. */
  readonly stats: PolicyStats;
  onRetry(listener: (event: RetryEvent) => void): Subscription;
  onBreak(listener: (event: BreakEvent) => void): Subscription;
  onHalfOpen(listener: (event: HalfOpenEvent) => void): Subscription;
  onReset(listener: (event: ResetEvent) => void): Subscription;
  onTimeout(listener: (event: TimeoutEvent) => void): Subscription;
  onStateChange(listener: (state: CircuitStateName) => void): Subscription;
  /** Removes every listener. The policy keeps working (it owns no timer or connection). */
  dispose(): void;
}
