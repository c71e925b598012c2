import type { UUID } from '@elizaos/core';
import type { SqlRetentionConfig } from '../config.js';
import { pruneLogs } from './prune-logs.js';
import { pruneMemories } from './prune-memories.js';
import { mergeRetentionReports, type RetentionProgress, type RetentionReport } from './retention-report.js';
import type { RetentionTarget } from './retention-target.js';
import { sweepExpiredCache } from './sweep-expired-cache.js';

/** Options of {@link runRetention}. */
export interface RunRetentionOptions {
  /** The agent (default: the adapter's; required with a driver). */
  readonly agentId?: UUID;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RetentionProgress) => void;
}

/**
 * One retention pass as `config` says (see `resolveRetentionConfig`): each memory table's limits,
 * then logs, then expired cache entries. Stops at the next batch when `signal` aborts.
 */
export async function runRetention(
  target: RetentionTarget,
  config: Pick<SqlRetentionConfig, 'memories' | 'logMaxAgeMs' | 'sweepExpiredCache' | 'batchSize'>,
  options: RunRetentionOptions = {},
): Promise<RetentionReport> {
  const { agentId, signal, onProgress } = options;
  const common = { ...(agentId ? { agentId } : {}), batchSize: config.batchSize, signal, onProgress };
  const reports: RetentionReport[] = [];
  let done = 0;
  const progress = (p: RetentionProgress) => onProgress?.({ table: p.table, removed: done + p.removed });
  const step = async (report: Promise<RetentionReport>) => {
    const r = await report;
    reports.push(r);
    done += r.total;
    return !r.interrupted;
  };
  for (const rule of config.memories) {
    const kept = await step(
      pruneMemories(target, {
        ...common,
        onProgress: progress,
        tables: [rule.table],
        ...(rule.maxAgeMs !== undefined ? { maxAgeMs: rule.maxAgeMs } : {}),
        ...(rule.maxPerRoom !== undefined ? { maxPerRoom: rule.maxPerRoom } : {}),
      }),
    );
    if (!kept) return mergeRetentionReports(reports);
  }
  if (config.logMaxAgeMs !== undefined) {
    const kept = await step(
      pruneLogs(target, { ...common, onProgress: progress, maxAgeMs: config.logMaxAgeMs }),
    );
    if (!kept) return mergeRetentionReports(reports);
  }
  if (config.sweepExpiredCache) {
    await step(
      sweepExpiredCache(target, { ...(agentId ? { agentId } : {}), batchSize: config.batchSize, signal }),
    );
  }
  return mergeRetentionReports(reports);
}
