/**
 * The agent's key/value cache. Values are stored as `jsonb` and round-trip exactly: strings, numbers,
 * booleans, null, arrays and objects (a `Date` comes back as its ISO string, as JSON has no dates).
 * A row whose `expires_at` has passed reads as absent; `setCache` stores a value without expiry.
 */
import type { UUID } from '@elizaos/core';
import { cacheTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { jsonbOf, requiredText } from './store-values.js';

/** A cache key: any storable string, `''` included (it is a key like any other). */
function assertKey(key: unknown): string {
  return requiredText('key', key);
}

/** The cached value of `key`, or undefined when absent or expired. */
export async function getCache<T>(ex: SqlExecutor, agentId: UUID, key: string): Promise<T | undefined> {
  assertUuid('agentId', agentId);
  const k = assertKey(key);
  const rows = await ex.db
    // Read as JSON text: Drizzle's jsonb mapping would parse a stored string that looks like JSON a second time.
    .select({ json: sql<string>`${cacheTable.value}::text` })
    .from(cacheTable)
    .where(
      and(
        eq(cacheTable.agentId, agentId),
        eq(cacheTable.key, k),
        or(isNull(cacheTable.expiresAt), gt(cacheTable.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  const row = rows[0];
  return row ? (JSON.parse(row.json) as T) : undefined;
}

/**
 * Stores `value` under `key` (replacing any value and expiry) and returns true. `undefined` and values
 * JSON cannot represent exactly are INVALID_INPUT; strings with NUL characters are UNSTORABLE_VALUE.
 */
export async function setCache<T>(ex: SqlExecutor, agentId: UUID, key: string, value: T): Promise<boolean> {
  assertUuid('agentId', agentId);
  const k = assertKey(key);
  if (value === undefined) throw invalidInput('value', value, 'a JSON value (undefined cannot be cached)');
  // Bound as JSON text and cast, so a top-level string is stored as a JSON string on every backend.
  const json = jsonbOf('value', value);
  await ex.db
    .insert(cacheTable)
    .values({ key: k, agentId, value: json, expiresAt: null })
    .onConflictDoUpdate({
      target: [cacheTable.key, cacheTable.agentId],
      set: { value: json, expiresAt: null },
    });
  return true;
}

/** Deletes `key` and returns true (also when it was absent, as the reference). */
export async function deleteCache(ex: SqlExecutor, agentId: UUID, key: string): Promise<boolean> {
  assertUuid('agentId', agentId);
  const k = assertKey(key);
  await ex.db.delete(cacheTable).where(and(eq(cacheTable.agentId, agentId), eq(cacheTable.key, k)));
  return true;
}
