/**
 * The agent's key/value cache. Values are stored as `jsonb` and round-trip exactly: strings, numbers,
 * booleans, null, arrays and objects (a `Date` comes back as its ISO string, as JSON has no dates).
 * A row whose `expires_at` has passed reads as absent (and the retention service deletes it);
 * `setCache` of the elizaOS interface stores a value without expiry (`expires_at` NULL): the interface
 * has no TTL, and a default one would silently drop state plugins expect to keep. `expiresAt` here
 * (the library's `setExpiringCache`) sets one.
 */
import type { UUID } from '@elizaos/core';
import { agentTable, cacheTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { idConflict } from './id-conflict.js';
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

/** Options of {@link setCache}. */
export interface SetCacheOptions {
  /** When the entry stops being returned (default: never). */
  readonly expiresAt?: Date;
}

/**
 * Stores `value` under `key` (replacing any value and expiry) and returns true. `undefined` and values
 * JSON cannot represent exactly are INVALID_INPUT; strings with NUL characters are UNSTORABLE_VALUE.
 * The agent must be one the caller can see (INVALID_INPUT otherwise, whatever the key): the write never
 * reaches a row it cannot see, so no key of another server's agent answers differently from a free one.
 */
export async function setCache<T>(
  ex: SqlExecutor,
  agentId: UUID,
  key: string,
  value: T,
  options: SetCacheOptions = {},
): Promise<boolean> {
  assertUuid('agentId', agentId);
  const k = assertKey(key);
  if (value === undefined) throw invalidInput('value', value, 'a JSON value (undefined cannot be cached)');
  const expires = expiresAtText(options.expiresAt);
  // Bound as JSON text and cast, so a top-level string is stored as a JSON string on every backend.
  const json = jsonbOf('value', value);
  // Update the caller's own row, else insert (only for a visible agent), skipping a conflicting row:
  // ON CONFLICT DO UPDATE would fail with a row-level security error on another server's row.
  const statement = sql<CacheWrite>`WITH agent AS (
      SELECT EXISTS (SELECT 1 FROM ${agentTable} WHERE ${agentTable.id} = ${agentId}) AS visible),
    updated AS (
      UPDATE ${cacheTable} SET value = ${json}, expires_at = ${expires}::timestamptz
      WHERE ${cacheTable.key} = ${k} AND ${cacheTable.agentId} = ${agentId} RETURNING 1),
    inserted AS (
      INSERT INTO ${cacheTable} (key, agent_id, value, expires_at)
      SELECT ${k}, ${agentId}, ${json}, ${expires}::timestamptz FROM agent
      WHERE agent.visible AND NOT EXISTS (SELECT 1 FROM updated)
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT (SELECT visible FROM agent) AS agent,
      (SELECT count(*) FROM updated)::int + (SELECT count(*) FROM inserted)::int AS stored`;
  // A second pass sees a row a concurrent call committed after this one's snapshot (then it updates it).
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await ex.query<CacheWrite>(statement);
    if (Number(row?.stored) > 0) return true;
    if (row?.agent !== true) {
      throw invalidInput('agentId', agentId, 'the id of an agent this adapter can see (createAgent first)');
    }
  }
  throw idConflict('setCache', 'key', k);
}

function expiresAtText(expiresAt: unknown): string | null {
  if (expiresAt === undefined) return null;
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw invalidInput('expiresAt', expiresAt, 'a valid Date');
  }
  return expiresAt.toISOString();
}

interface CacheWrite extends Record<string, unknown> {
  readonly agent: boolean;
  readonly stored: number;
}

/** Deletes `key` and returns true (also when it was absent, as the reference). */
export async function deleteCache(ex: SqlExecutor, agentId: UUID, key: string): Promise<boolean> {
  assertUuid('agentId', agentId);
  const k = assertKey(key);
  await ex.db.delete(cacheTable).where(and(eq(cacheTable.agentId, agentId), eq(cacheTable.key, k)));
  return true;
}
