import { type IAgentRuntime, Service } from '@elizaos/core';
import { resolveSqlConfig, runtimeSettingReader, type SqlRetentionConfig } from '../config.js';
import { createCoreSqlLogger, errorMessage, type SqlLogger } from '../sql-logger.js';
import { createRetentionSchedule, type RetentionSchedule } from './create-retention-schedule.js';
import type { RetentionReport } from './retention-report.js';
import { isAdapterLike } from './retention-target.js';
import { runRetention } from './run-retention.js';

/** The first pass waits this long (or the interval, if shorter) after the start, off the start path. */
const FIRST_RUN_DELAY_MS = 60_000;

const NOTHING: RetentionReport = { removed: [], total: 0, interrupted: false };

/**
 * The retention service: runs the retention settings' pass (see `resolveRetentionConfig`) for the
 * runtime's agent on an interval, off the request path, and logs what a pass removed (one line per
 * pass that removed something). It does nothing when the runtime's adapter is not this plugin's, and
 * starts no timer when every limit is off. Stops with the runtime.
 */
export class SqlRetentionService extends Service {
  static override serviceType = 'sql_retention';
  override capabilityDescription =
    'Removes memories, logs and expired cache entries beyond the retention settings, in small batches';
  #schedule: RetentionSchedule | undefined;
  #config: SqlRetentionConfig | undefined;
  #logger: SqlLogger = createCoreSqlLogger();

  static override async start(runtime: IAgentRuntime): Promise<SqlRetentionService> {
    const service = new SqlRetentionService(runtime);
    const config = resolveSqlConfig(runtimeSettingReader((key) => runtime.getSetting(key))).retention;
    service.#config = config;
    if (config.memories.length > 0 || config.logMaxAgeMs !== undefined || config.sweepExpiredCache) {
      service.#schedule = createRetentionSchedule({
        intervalMs: config.intervalMs,
        firstRunDelayMs: Math.min(FIRST_RUN_DELAY_MS, config.intervalMs),
        run: (signal) => service.#runOnce(signal),
        onReport: (report) => service.#log(report),
        onError: (error) =>
          service.#logger.warn('Retention pass failed; the next one runs on schedule', {
            agentId: runtime.agentId,
            error: errorMessage(error),
          }),
      });
    }
    return service;
  }

  static override async stop(runtime: IAgentRuntime): Promise<void> {
    await runtime.getService<SqlRetentionService>(SqlRetentionService.serviceType)?.stop();
  }

  /** Runs a pass now (or joins the running one); with every limit off, removes nothing. */
  runNow(): Promise<RetentionReport> {
    return this.#schedule?.runNow() ?? Promise.resolve(NOTHING);
  }

  /** Whether a timer is scheduled (some limit is on and the service is not stopped). */
  get active(): boolean {
    return this.#schedule !== undefined;
  }

  override async stop(): Promise<void> {
    const schedule = this.#schedule;
    this.#schedule = undefined;
    await schedule?.stop();
  }

  async #runOnce(signal: AbortSignal): Promise<RetentionReport> {
    // AgentRuntime holds its adapter as `adapter`; the IAgentRuntime interface does not declare it.
    const adapter: unknown = (this.runtime as { readonly adapter?: unknown }).adapter;
    if (!this.#config || !isAdapterLike(adapter)) return NOTHING;
    return runRetention(adapter, this.#config, { agentId: this.runtime.agentId, signal });
  }

  #log(report: RetentionReport): void {
    if (report.total === 0) return;
    const byTable: Record<string, number> = {};
    for (const r of report.removed) byTable[r.table] = (byTable[r.table] ?? 0) + r.count;
    this.#logger.info(`Retention removed ${report.total} rows`, {
      agentId: this.runtime.agentId,
      removed: byTable,
      rooms: new Set(report.removed.map((r) => r.roomId)).size,
      ...(report.interrupted ? { interrupted: true } : {}),
    });
  }
}
