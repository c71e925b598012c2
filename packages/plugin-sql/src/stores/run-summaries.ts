import { logTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { AgentRunCounts, AgentRunSummary, AgentRunSummaryResult, RunStatus, UUID } from '@elizaos/core';
import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { agentLogScope } from './log-store.js';
import { isGiven, timestampMs } from './store-values.js';

/** Parameters of IDatabaseAdapter.getAgentRunSummaries. */
export interface RunSummaryParams {
  limit?: number;
  roomId?: UUID;
  status?: RunStatus | 'all';
  from?: number;
  to?: number;
  entityId?: UUID;
}

/** `limit` as the reference clamps it (at most 100), except that 0 means none. */
function runLimit(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput('limit', value, 'a non-negative integer');
  }
  return Math.min(value, 100);
}

type Row = {
  runId: string | null;
  status: string | null;
  messageId: string | null;
  body: unknown;
  createdAt: Date;
  roomId: string;
  entityId: string;
};

function emptySummary(runId: string): AgentRunSummary {
  return { runId, status: 'started', startedAt: null, endedAt: null, durationMs: null, metadata: {} };
}

/** Folds one `run_event` log (rows arrive newest first) into its run's summary, as the reference does. */
function fold(summary: AgentRunSummary, row: Row): void {
  const body = row.body && typeof row.body === 'object' ? (row.body as Record<string, unknown>) : undefined;
  summary.messageId ??= (row.messageId ?? undefined) as UUID | undefined;
  summary.roomId ??= row.roomId as UUID;
  summary.entityId ??= row.entityId as UUID;
  if (body) {
    if (!summary.roomId && typeof body.roomId === 'string') summary.roomId = body.roomId as UUID;
    if (!summary.entityId && typeof body.entityId === 'string') summary.entityId = body.entityId as UUID;
    if (!summary.messageId && typeof body.messageId === 'string') summary.messageId = body.messageId as UUID;
    if (!summary.metadata || Object.keys(summary.metadata).length === 0) {
      const metadata = body.metadata as Record<string, unknown> | undefined;
      summary.metadata = metadata ? { ...metadata } : {};
    }
  }
  const at = row.createdAt.getTime();
  const status = row.status ?? (body?.status as string | undefined);
  if (status === 'started') {
    summary.startedAt = summary.startedAt === null ? at : Math.min(summary.startedAt, at);
  } else if (status === 'completed' || status === 'timeout' || status === 'error') {
    summary.status = status;
    summary.endedAt = at;
    if (summary.startedAt !== null) summary.durationMs = Math.max(at - summary.startedAt, 0);
  }
}

async function runCounts(
  ex: SqlExecutor,
  agentId: UUID,
  runIds: string[],
): Promise<Map<string, AgentRunCounts>> {
  const counts = new Map<string, AgentRunCounts>();
  if (runIds.length === 0) return counts;
  const rows = await ex.query<{
    run_id: string;
    actions: number;
    errors: number;
    model_calls: number;
    evaluators: number;
  }>(sql`
    SELECT body->>'runId' AS run_id,
      count(*) FILTER (WHERE type = 'action')::int AS actions,
      (count(*) FILTER (WHERE type = 'action' AND COALESCE(body->'result'->>'success', 'true') = 'false')
        + count(*) FILTER (WHERE type = 'embedding_event' AND body->>'status' = 'failed'))::int AS errors,
      (COALESCE(sum((body->>'promptCount')::int) FILTER (WHERE type = 'action'), 0)
        + count(*) FILTER (WHERE type LIKE 'useModel:%'))::int AS model_calls,
      count(*) FILTER (WHERE type = 'evaluator')::int AS evaluators
    FROM ${logTable}
    WHERE body->>'runId' IN (${sql.join(
      runIds.map((id) => sql`${id}`),
      sql`, `,
    )})
      AND (type IN ('action', 'evaluator', 'embedding_event') OR type LIKE 'useModel:%')
      AND ${agentLogScope(agentId)}
    GROUP BY body->>'runId'`);
  for (const row of rows) {
    counts.set(row.run_id, {
      actions: Number(row.actions),
      errors: Number(row.errors),
      modelCalls: Number(row.model_calls),
      evaluators: Number(row.evaluators),
    });
  }
  return counts;
}

const RUN_STATUSES: ReadonlyArray<RunStatus | 'all'> = ['started', 'completed', 'timeout', 'error', 'all'];

/**
 * Summaries of the agent's runs, computed from `run_event` logs in its rooms as the reference does:
 * the latest max(limit × 20, 200) events, folded per runId, newest run first, with action / model /
 * error / evaluator counts from the run's other logs in the agent's rooms (one aggregate query instead
 * of three). Every given filter applies: `roomId`, `entityId` (the entity the run's events were logged
 * for), `from`/`to` (ms, inclusive; `0` is the epoch), `status`. `limit` is clamped to 100; `limit: 0`
 * returns no runs (`total` still counts them).
 */
export async function getAgentRunSummaries(
  ex: SqlExecutor,
  agentId: UUID,
  params: RunSummaryParams = {},
): Promise<AgentRunSummaryResult> {
  assertUuid('agentId', agentId);
  if (params === null || typeof params !== 'object') throw invalidInput('params', params, 'an object');
  const limit = isGiven(params.limit) ? runLimit(params.limit) : 20;
  if (isGiven(params.status) && !RUN_STATUSES.includes(params.status)) {
    throw invalidInput('status', params.status, `one of ${RUN_STATUSES.join(', ')}`);
  }
  const conditions: SQL[] = [
    eq(logTable.type, 'run_event'),
    sql`${logTable.body} ? 'runId'`,
    agentLogScope(agentId),
  ];
  if (isGiven(params.roomId)) conditions.push(eq(logTable.roomId, assertUuid('roomId', params.roomId)));
  if (isGiven(params.entityId)) {
    conditions.push(eq(logTable.entityId, assertUuid('entityId', params.entityId)));
  }
  if (isGiven(params.from)) conditions.push(gte(logTable.createdAt, timestampMs('from', params.from)));
  if (isGiven(params.to)) conditions.push(lte(logTable.createdAt, timestampMs('to', params.to)));
  const rows: Row[] = await ex.db
    .select({
      runId: sql<string | null>`${logTable.body}->>'runId'`,
      status: sql<string | null>`${logTable.body}->>'status'`,
      messageId: sql<string | null>`${logTable.body}->>'messageId'`,
      body: logTable.body,
      createdAt: logTable.createdAt,
      roomId: logTable.roomId,
      entityId: logTable.entityId,
    })
    .from(logTable)
    .where(and(...conditions))
    .orderBy(desc(logTable.createdAt))
    .limit(Math.max(limit * 20, 200));
  const runs = new Map<string, AgentRunSummary>();
  for (const row of rows) {
    if (!row.runId) continue;
    const summary = runs.get(row.runId) ?? emptySummary(row.runId);
    fold(summary, row);
    runs.set(row.runId, summary);
  }
  let list = [...runs.values()];
  // Events arrive newest first, so the end is usually seen before the start; the reference then
  // leaves durationMs null. We compute it once both ends are known.
  for (const run of list) {
    if (run.startedAt !== null && run.endedAt !== null)
      run.durationMs = Math.max(run.endedAt - run.startedAt, 0);
  }
  if (params.status && params.status !== 'all') list = list.filter((run) => run.status === params.status);
  list.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
  const page = list.slice(0, limit);
  const counts = await runCounts(
    ex,
    agentId,
    page.map((run) => run.runId),
  );
  for (const run of page)
    run.counts = counts.get(run.runId) ?? { actions: 0, modelCalls: 0, errors: 0, evaluators: 0 };
  return { runs: page, total: list.length, hasMore: list.length > limit };
}
