import { InvalidPolicyOptionError } from './errors.js';
import { isConnectFailure } from './is-connect-failure.js';
import { isTransientDatabaseError } from './is-transient-database-error.js';

/** Options of {@link createDatabasePolicy}. Every field is optional; defaults in {@link DEFAULT_POLICY_OPTIONS}. */
export interface DatabasePolicyOptions {
  /** Consecutive transient failures (attempts, not calls) that open the breaker. Default 5. */
  failureThreshold?: number;
  /** Milliseconds the breaker stays open before it admits a trial call. Default 60 000. */
  resetTimeout?: number;
  /** Successful trial calls needed in half-open before the breaker closes. Default 3. */
  halfOpenMaxAttempts?: number;
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). Default 3. */
  maxRetries?: number;
  /** Delay before the first retry, doubled for each further retry. Default 1 000 ms. */
  baseDelay?: number;
  /** Cap of the exponential part of the delay (jitter is added on top). Default 10 000 ms. */
  maxDelay?: number;
  /** Up to this many milliseconds of uniform random jitter added to each delay. Default 1 000. */
  jitterMax?: number;
  /** Timeout of each attempt in ms (`Infinity` = none); a call can override it with `timeoutMs`. Default 5 000. */
  connectionTimeout?: number;
  /** Which errors are transient (retried, counted by the breaker). Default {@link isTransientDatabaseError}. */
  isTransient?: (err: unknown) => boolean;
  /** Which errors prove the call never reached the server. Default {@link isConnectFailure}. */
  isConnectFailure?: (err: unknown) => boolean;
  /** Random source in [0, 1) for the jitter; inject one to make delays deterministic. Default `Math.random`. */
  random?: () => number;
}

/** Options of one `execute()` call. */
export interface ExecuteOptions {
  /**
   * `true` when running `fn` twice is harmless (a read, an upsert, a delete by key): it is then retried
   * on any transient error. Default `false`: retried only on a connect failure.
   */
  idempotent?: boolean;
  /** Timeout of each attempt of this call in ms (`Infinity` = none). Default: the policy's `connectionTimeout`. */
  timeoutMs?: number;
}

/** The options with every default filled in. */
export type ResolvedPolicyOptions = Required<DatabasePolicyOptions>;

/** The reference implementation's documented configuration. */
export const DEFAULT_POLICY_OPTIONS: Readonly<ResolvedPolicyOptions> = Object.freeze({
  failureThreshold: 5,
  resetTimeout: 60_000,
  halfOpenMaxAttempts: 3,
  maxRetries: 3,
  baseDelay: 1_000,
  maxDelay: 10_000,
  jitterMax: 1_000,
  connectionTimeout: 5_000,
  isTransient: isTransientDatabaseError,
  isConnectFailure,
  random: Math.random,
});

function positiveInteger(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidPolicyOptionError(option, value, `an integer >= ${min}`);
  }
  return value;
}

function duration(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidPolicyOptionError(option, value, 'a finite number of milliseconds >= 0');
  }
  return value;
}

/** A timeout: a positive number of milliseconds, or `Infinity` for none. */
export function validTimeout(option: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new InvalidPolicyOptionError(
      option,
      value,
      'a number of milliseconds > 0, or Infinity for no timeout',
    );
  }
  return value;
}

function callback<F>(option: string, value: F): F {
  if (typeof value !== 'function') throw new InvalidPolicyOptionError(option, value, 'a function');
  return value;
}

/** Fills in the defaults and validates every option; throws {@link InvalidPolicyOptionError}. */
export function resolvePolicyOptions(options: DatabasePolicyOptions = {}): ResolvedPolicyOptions {
  const o = { ...DEFAULT_POLICY_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(o, { [key]: value });
  }
  return {
    failureThreshold: positiveInteger('failureThreshold', o.failureThreshold, 1),
    resetTimeout: duration('resetTimeout', o.resetTimeout),
    halfOpenMaxAttempts: positiveInteger('halfOpenMaxAttempts', o.halfOpenMaxAttempts, 1),
    maxRetries: positiveInteger('maxRetries', o.maxRetries, 0),
    baseDelay: duration('baseDelay', o.baseDelay),
    maxDelay: duration('maxDelay', o.maxDelay),
    jitterMax: duration('jitterMax', o.jitterMax),
    connectionTimeout: validTimeout('connectionTimeout', o.connectionTimeout),
    isTransient: callback('isTransient', o.isTransient),
    isConnectFailure: callback('isConnectFailure', o.isConnectFailure),
    random: callback('random', o.random),
  };
}
