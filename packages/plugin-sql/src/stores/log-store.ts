import { logTable, roomTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { Log, LogBody, UUID } from '@elizaos/core';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertCount, assertUuid } from '../validation.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';
import { isGiven } from './store-values.js';

/** Parameters of IDatabaseAdapter.log. */
export interface LogParams {
  body: { [key: string]: unknown };
  entityId: UUID;
  roomId: UUID;
  type: string;
}

/**
 * Appends a log entry. The body and type (`''` included) are stored exactly as given (the reference
 * strips NUL characters and doubles some backslashes); a value PostgreSQL cannot store is rejected with
 * UNSTORABLE_VALUE.
 */
export async function createLog(ex: SqlExecutor, params: LogParams): Promise<void> {
  if (typeof params.type !== 'string') throw invalidInput('type', params.type, 'a log type (a string)');
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
 * The logs of `agentId`, newest first (default 10): those written in the agent's rooms
 * (`rooms.agent_id`, the scope the reference gives run summaries; logs have no agent column). Every
 * given filter applies (`entityId` is the log's entity, `type: ''` matches the type `''`); `count: 0`
 * returns none. The scope is a semi-join on the rooms' primary key, so each filter keeps its index
 * (`idx_logs_room_created`, `idx_logs_type_created`, `idx_logs_entity_type`).
 */
export async function getLogs(ex: SqlExecutor, agentId: UUID, params: GetLogsParams): Promise<Log[]> {
  assertUuid('agentId', agentId);
  if (params === null || typeof params !== 'object') throw invalidInput('params', params, 'an object');
  const limit = assertCount('count', params.count, 10);
  const offset = assertCount('offset', params.offset, 0, Number.MAX_SAFE_INTEGER);
  if (limit === 0) return [];
  const conditions: SQL[] = [agentLogScope(agentId)];
  if (isGiven(params.entityId))
    conditions.push(eq(logTable.entityId, assertUuid('entityId', params.entityId)));
  if (isGiven(params.roomId)) conditions.push(eq(logTable.roomId, assertUuid('roomId', params.roomId)));
  if (isGiven(params.type)) {
    if (typeof params.type !== 'string') throw invalidInput('type', params.type, 'a log type (a string)');
    conditions.push(eq(logTable.type, params.type));
  }
  const rows = await ex.db
    .select()
    .from(logTable)
    .where(and(...conditions))
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

/**
 * The condition "this log belongs to `agentId`": it was written in one of the agent's rooms. An EXISTS
 * on `rooms`' primary key, which the planner runs as a semi-join beside whichever logs index serves
 * the other filters.
 */
export function agentLogScope(agentId: UUID): SQL {
  return sql`EXISTS (SELECT 1 FROM ${roomTable} WHERE ${roomTable.id} = ${logTable.roomId} AND ${roomTable.agentId} = ${agentId})`;
}

/** Deletes a log entry by id (absent: no-op). */
export async function deleteLog(ex: SqlExecutor, logId: UUID): Promise<void> {
  await ex.db.delete(logTable).where(eq(logTable.id, assertUuid('logId', logId)));
}
