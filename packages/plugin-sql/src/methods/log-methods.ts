import type { AgentRunSummaryResult, Log, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as logs from '../stores/log-store.js';
import { getAgentRunSummaries, type RunSummaryParams } from '../stores/run-summaries.js';

/** Logs and the run summaries built from them. */
export const logMethods = methodGroup({
  log(params: logs.LogParams): Promise<void> {
    return this.calls.write((ex) => logs.createLog(ex, params));
  },
  getLogs(params: logs.GetLogsParams): Promise<Log[]> {
    return this.calls.read((ex) => logs.getLogs(ex, this.agentId, params));
  },
  deleteLog(logId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => logs.deleteLog(ex, logId));
  },
  getAgentRunSummaries(params: RunSummaryParams = {}): Promise<AgentRunSummaryResult> {
    return this.calls.read((ex) => getAgentRunSummaries(ex, this.agentId, params));
  },
});
