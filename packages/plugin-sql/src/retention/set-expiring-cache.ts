import type { UUID } from '@elizaos/core';
import { invalidInput } from '../errors.js';
import { setCache } from '../stores/cache-store.js';
import { type RetentionTarget, resolveRetentionTarget } from './retention-target.js';
import { withPublicErrors } from './with-public-errors.js';

/** Options of {@link setExpiringCache}: exactly one of `expiresAt` / `ttlMs`. */
export interface SetExpiringCacheOptions {
  /** The agent whose cache is written (default: the adapter's; required with a driver). */
  readonly agentId?: UUID;
  /** When the entry stops being returned by `getCache`. */
  readonly expiresAt?: Date;
  /** Or: milliseconds from now (the application's clock) until it does. */
  readonly ttlMs?: number;
}

/**
 * `setCache` with an expiry, which the elizaOS interface's `setCache` cannot express: after it,
 * `getCache(key)` returns undefined and the retention service deletes the row. A later plain
 * `setCache` of the same key stores it without expiry again.
 */
export async function setExpiringCache<T>(
  target: RetentionTarget,
  key: string,
  value: T,
  options: SetExpiringCacheOptions,
): Promise<boolean> {
  return withPublicErrors('setExpiringCache', async () => {
    const { driver, agentId } = await resolveRetentionTarget(target, options.agentId);
    return setCache(driver, agentId, key, value, { expiresAt: expiryOf(options) });
  });
}

function expiryOf(options: SetExpiringCacheOptions): Date {
  const { expiresAt, ttlMs } = options;
  if ((expiresAt === undefined) === (ttlMs === undefined)) {
    throw invalidInput('options', options, 'exactly one of expiresAt (a Date) or ttlMs (milliseconds)');
  }
  if (ttlMs !== undefined) {
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs < 0) {
      throw invalidInput('ttlMs', ttlMs, 'a non-negative number of milliseconds');
    }
    return new Date(Date.now() + ttlMs);
  }
  return expiresAt as Date;
}
