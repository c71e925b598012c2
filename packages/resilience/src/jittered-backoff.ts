import type { IBackoff, IBackoffFactory } from 'cockatiel';

/** The parts of the policy options that shape retry delays. */
export interface RetryDelayOptions {
  readonly baseDelay: number;
  readonly maxDelay: number;
  readonly jitterMax: number;
  readonly random: () => number;
}

/**
 * Delay before retry number `retry` (1-based): `min(baseDelay * 2^(retry-1), maxDelay)` plus
 * `random() * jitterMax`. With the defaults: 1 s, 2 s, 4 s (then 8 s, 10 s, 10 s, ...) + [0, 1 s).
 */
export function retryDelay(retry: number, options: RetryDelayOptions): number {
  const exponential = Math.min(options.baseDelay * 2 ** (retry - 1), options.maxDelay);
  const r = options.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return exponential + unit * options.jitterMax;
}

/**
 * cockatiel backoff implementing {@link retryDelay}. (cockatiel's own `ExponentialBackoff` uses
 * "decorrelated jitter", whose delays are not bounded by the documented base/max/jitter.)
 */
export function createJitteredBackoff(options: RetryDelayOptions): IBackoffFactory<unknown> {
  const step = (retry: number): IBackoff<unknown> => ({
    duration: retryDelay(retry, options),
    next: () => step(retry + 1),
  });
  return { next: () => step(1) };
}
