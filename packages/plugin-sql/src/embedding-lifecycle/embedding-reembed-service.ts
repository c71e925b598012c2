import { type IAgentRuntime, ModelType, Service } from '@elizaos/core';
import { SqlDatabaseAdapter } from '../adapter/sql-database-adapter.js';
import { resolveSqlConfig, runtimeSettingReader, type SqlEmbeddingLifecycleOptions } from '../config.js';
import { errorMessage } from '../sql-logger.js';
import { createEmbedThroughModel } from './create-embed-through-model.js';
import { type ReembedProgress, type ReembedReport, reembedMemories } from './reembed-memories.js';

/** What the re-embedding service is doing. */
export type ReembedServiceState =
  /** EMBEDDING_DIMENSION_CHANGE is not `reembed`, or the runtime's adapter is not this plugin's. */
  | 'disabled'
  | 'running'
  /** The last run ended (see `report`); nothing was left, or what is left failed or has no text. */
  | 'finished'
  | 'failed'
  | 'stopped';

/** The service's status, for code (`runtime.getService(...).getStatus()`). */
export interface ReembedServiceStatus {
  readonly state: ReembedServiceState;
  /** Progress of the current or last run. */
  readonly progress: ReembedProgress | undefined;
  /** The last run's report, once it ended. */
  readonly report: ReembedReport | undefined;
  /** Why the run failed (state `failed`). */
  readonly error: string | undefined;
}

/** The adapter the runtime uses, when it is this plugin's. */
function sqlAdapterOf(runtime: IAgentRuntime): SqlDatabaseAdapter | undefined {
  const adapter: unknown = 'adapter' in runtime ? runtime.adapter : undefined;
  return adapter instanceof SqlDatabaseAdapter ? adapter : undefined;
}

/** `1h 02m`, `3m 20s`, `12s` */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * Re-embeds the agent's memories that have no vector of the active embedding space, in the
 * background, through `runtime.useModel(ModelType.TEXT_EMBEDDING, ...)`, when
 * EMBEDDING_DIMENSION_CHANGE=reembed (never by default: it calls the embedding model once per memory).
 * The agent keeps working: new memories go to the active space, searches see the memories already
 * re-embedded. Progress is durable (see `reembedMemories`), so a restart continues. Logs progress
 * (counts, ETA) every REEMBED_LOG_INTERVAL_MS; `getStatus()` tells code where it stands.
 */
export class EmbeddingReembedService extends Service {
  static override serviceType = 'sql_embedding_reembed';
  override capabilityDescription =
    'Re-embeds memories stored by a previous embedding model (EMBEDDING_DIMENSION_CHANGE=reembed)';
  #state: ReembedServiceState = 'disabled';
  #progress: ReembedProgress | undefined;
  #report: ReembedReport | undefined;
  #error: string | undefined;
  readonly #abort = new AbortController();
  #run: Promise<void> = Promise.resolve();

  static override async start(runtime: IAgentRuntime): Promise<EmbeddingReembedService> {
    const service = new EmbeddingReembedService(runtime);
    const config = resolveSqlConfig(runtimeSettingReader((key) => runtime.getSetting(key)));
    const adapter = sqlAdapterOf(runtime);
    if (config.embeddingDimensionChange === 'reembed' && adapter?.embeddings.active) {
      service.#begin(runtime, adapter, config.embeddingLifecycle);
    }
    return service;
  }

  static override async stop(runtime: IAgentRuntime): Promise<void> {
    const service = runtime.getService<EmbeddingReembedService>(EmbeddingReembedService.serviceType);
    await service?.stop();
  }

  override async stop(): Promise<void> {
    this.#abort.abort();
    await this.#run;
  }

  getStatus(): ReembedServiceStatus {
    return { state: this.#state, progress: this.#progress, report: this.#report, error: this.#error };
  }

  /** Resolves with the status once the current run (if any) has ended. */
  async whenIdle(): Promise<ReembedServiceStatus> {
    await this.#run;
    return this.getStatus();
  }

  #begin(runtime: IAgentRuntime, adapter: SqlDatabaseAdapter, options: SqlEmbeddingLifecycleOptions): void {
    const log = { src: 'plugin:sql', agentId: runtime.agentId };
    this.#state = 'running';
    let lastLog = Date.now();
    const embed = createEmbedThroughModel(
      (text) => runtime.useModel(ModelType.TEXT_EMBEDDING, { text }),
      options,
    );
    this.#run = reembedMemories(adapter, {
      embed,
      batchSize: options.batchSize,
      signal: this.#abort.signal,
      onProgress: (progress) => {
        this.#progress = progress;
        if (Date.now() - lastLog < options.logIntervalMs) return;
        lastLog = Date.now();
        runtime.logger.info(
          { ...log, ...progress },
          `Re-embedding memories: ${progress.done}/${progress.total} (${progress.reembedded} re-embedded, ` +
            `${progress.withoutText} without text, ${progress.failed} failed), ETA ${
              progress.etaMs === undefined ? 'unknown' : formatDuration(progress.etaMs)
            }`,
        );
      },
    }).then(
      (report) => {
        this.#report = report;
        this.#progress = report;
        this.#state = report.aborted ? 'stopped' : 'finished';
        const message =
          `Re-embedding ${report.aborted ? 'stopped' : 'finished'}: ${report.reembedded} of ${report.total} memories ` +
          `re-embedded in ${formatDuration(report.elapsedMs)}, ${report.withoutText} without text, ${report.failed} failed`;
        if (report.failed > 0) {
          runtime.logger.warn({ ...log, failures: report.failures.slice(0, 20) }, message);
        } else {
          runtime.logger.info(log, message);
        }
      },
      (err: unknown) => {
        this.#state = 'failed';
        this.#error = errorMessage(err);
        runtime.logger.error(
          { ...log, error: this.#error },
          'Re-embedding failed; it continues at the next start',
        );
      },
    );
  }
}
