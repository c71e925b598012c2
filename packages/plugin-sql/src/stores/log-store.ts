import { logTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Log, LogBody, UUID } from '@elizaos/core';
import { and, desc, eq } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';

/** Parameters of IDatabaseAdapter.log. */
export interface LogParams {
  body: { [key: string]: unknown };
  entityId: UUID;
  roomId: UUID;
  type: string;
}

/**
 * Appends a log entry. The body is stored exactly as given (the reference strips NUL characters and
 * doubles some backslashes); a body PostgreSQL cannot store is rejected with UNSTORABLE_VALUE.
 */
export async function createLog(ex: SqlExecutor, params: LogParams): Promise<void> {
  if (typeof params.type !== 'string' || params.type === '')
    throw invalidInput('type', params.type, 'a log type');
  assertStorableText('type', params.type);
  await ex.db.insert(logTable).values({
    body: jsonbValue('body', params.body ?? {}),
    entityId: assertUuid('entityId', params.entityId),
    roomId: assertUuid('roomId', params.roomId),
    type: params.type,
  });
}

/** Parameters of IDatabaseAdapter.getLogs. */
export interface GetLogsParams {
  entityId?: UUID;
  roomId?: UUID;
  type?: string;
  count?: number;
  offset?: number;
}

/**
 * Log entries, newest first (default 10), filtered by room and type. As in the reference, `entityId`
 * is an access scope (row-level security), not a filter: without RLS it selects nothing.
 */
export async function getLogs(ex: SqlExecutor, params: GetLogsParams): Promise<Log[]> {
  if (params.entityId) assertUuid('entityId', params.entityId);
  const limit = assertCount('count', params.count, 10);
  const offset = assertCount('offset', params.offset, 0, Number.MAX_SAFE_INTEGER);
  const rows = await ex.db
    .select()
    .from(logTable)
    .where(
      and(
        params.roomId ? eq(logTable.roomId, assertUuid('roomId', params.roomId)) : undefined,
        params.type ? eq(logTable.type, params.type) : undefined,
      ),
    )
    .orderBy(desc(logTable.createdAt), desc(logTable.id))
    .limit(limit)
    .offset(offset);
  return rows.map((row) => ({
    id: row.id as UUID,
    entityId: row.entityId as UUID,
    roomId: row.roomId as UUID,
    type: row.type,
    body: row.body as LogBody,
    createdAt: row.createdAt,
  }));
}

/** Deletes a log entry by id (absent: no-op). */
export async function deleteLog(ex: SqlExecutor, logId: UUID): Promise<void> {
  await ex.db.delete(logTable).where(eq(logTable.id, assertUuid('logId', logId)));
}
