import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import { createDatabasePolicy, type DatabasePolicy } from '@eliza-sql/resilience';
import type { UUID } from '@elizaos/core';
import type { SqlDatabaseAdapter } from '../adapter/sql-database-adapter.js';
import { ElizaSqlError } from '../errors.js';
import {
  countMemoriesOutsideSpace,
  type MemoryToReembed,
  type SpaceScope,
  selectMemoriesToReembed,
  setReembedHeartbeat,
  writeReembeddedVectors,
} from '../stores/embedding-space-store.js';
import { float32VectorText } from '../stores/vector-text.js';

/** The caller's embedding model: one vector per text, in order. */
export type EmbedTexts = (texts: string[], signal: AbortSignal) => Promise<number[][]>;

/** How a failing `embed` call is retried (the resilience policy's backoff: base × 2^n, capped, plus jitter). */
export interface ReembedRetryOptions {
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** Delay before the first retry in ms. Default 1000. */
  readonly baseDelayMs?: number;
  /** Cap of the exponential delay in ms. Default 10000. */
  readonly maxDelayMs?: number;
  /** Up to this many ms of random jitter per delay. Default 500. */
  readonly jitterMs?: number;
  /** Timeout of one embed call in ms. Default 60000. */
  readonly timeoutMs?: number;
}

/** Options of {@link reembedMemories}. */
export interface ReembedOptions {
  readonly embed: EmbedTexts;
  /** Memories per embed call and per written batch. Default 64. */
  readonly batchSize?: number;
  /** Batches in flight at once. Default 1. */
  readonly concurrency?: number;
  /** Stops after the batches in flight (each written or not, never half). */
  readonly signal?: AbortSignal;
  /** Called after each written batch. */
  readonly onProgress?: (progress: ReembedProgress) => void;
  readonly retry?: ReembedRetryOptions;
}

/** Where a run stands. */
export interface ReembedProgress {
  /** Memories that needed a vector of the active space when the run started. */
  readonly total: number;
  /** Memories handled so far (re-embedded + without text + failed). */
  readonly done: number;
  readonly reembedded: number;
  readonly withoutText: number;
  readonly failed: number;
  readonly elapsedMs: number;
  /** Estimated ms left at the rate so far (undefined before the first batch). */
  readonly etaMs: number | undefined;
}

/** A memory the run could not re-embed. */
export interface ReembedFailure {
  readonly memoryId: UUID;
  readonly message: string;
}

/** What a run did. */
export interface ReembedReport extends ReembedProgress {
  readonly spaceId: UUID;
  readonly dimension: EmbeddingDimension;
  /** Memories without text (`content.text` empty or missing): counted, never sent to the model. */
  readonly withoutTextIds: readonly UUID[];
  /** Memories whose embedding failed after the retries, or came back unusable. */
  readonly failures: readonly ReembedFailure[];
  /** True when `signal` stopped the run before the end. */
  readonly aborted: boolean;
}

/**
 * Re-embeds the adapter's agent's memories that hold a vector but none of the active embedding space
 * (see `ensureEmbeddingDimension`), in batches, with the caller's `embed`.
 *
 * Durable and resumable: the statement writing a batch's vectors is what marks those memories done
 * (one transaction), so after a crash a new run continues with what is left and never embeds again a
 * memory whose vector was written (only the batches in flight at the crash are embedded again).
 * Memories are walked once per run in id order, so a memory without text or whose embedding failed
 * is reported, not retried forever. A failing `embed` is retried with backoff; a batch that still
 * fails is embedded memory by memory, so one bad memory never stops the rest. Searches meanwhile see
 * the memories already re-embedded (and new ones), all of the active space.
 */
export async function reembedMemories(
  adapter: SqlDatabaseAdapter,
  options: ReembedOptions,
): Promise<ReembedReport> {
  const run = await startRun(adapter, options);
  try {
    await run.execute();
  } finally {
    run.policy.dispose();
    await adapter.calls.write((ex) => setReembedHeartbeat(ex, run.space.id, false));
  }
  return run.report();
}

async function startRun(adapter: SqlDatabaseAdapter, options: ReembedOptions) {
  const active = adapter.embeddings.active;
  if (!active) {
    throw new ElizaSqlError(
      'EMBEDDING_SPACE_UNKNOWN',
      `No embedding space is active for agent ${adapter.agentId}: call ensureEmbeddingDimension(dimension) first`,
    );
  }
  const batchSize = positive('batchSize', options.batchSize ?? 64);
  const concurrency = positive('concurrency', options.concurrency ?? 1);
  if (typeof options.embed !== 'function') {
    throw new ElizaSqlError('INVALID_INPUT', 'embed: expected a function (texts) => Promise<number[][]>');
  }
  const space: SpaceScope = { id: active.id, adoptsUntagged: active.adoptsUntagged };
  const dimension = active.dimension;
  const { outside } = await adapter.calls.read((ex) =>
    countMemoriesOutsideSpace(ex, adapter.agentId, dimension, space),
  );
  await adapter.calls.write((ex) => setReembedHeartbeat(ex, space.id, true));
  return new ReembedRun(adapter, options, space, dimension, outside, batchSize, concurrency);
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ElizaSqlError('INVALID_INPUT', `${name}: expected a positive integer, got ${String(value)}`);
  }
  return value;
}

/** One run's state: the cursor, the counts, the failures. */
class ReembedRun {
  readonly policy: DatabasePolicy;
  readonly #started = Date.now();
  #cursor: UUID | null = null;
  #exhausted = false;
  /** Batches are fetched one at a time (the cursor moves in id order). */
  #fetching: Promise<unknown> = Promise.resolve();
  #reembedded = 0;
  #failures: ReembedFailure[] = [];
  #withoutText: UUID[] = [];
  #aborted = false;

  constructor(
    private readonly adapter: SqlDatabaseAdapter,
    private readonly options: ReembedOptions,
    readonly space: SpaceScope,
    private readonly dimension: EmbeddingDimension,
    private readonly total: number,
    private readonly batchSize: number,
    private readonly concurrency: number,
  ) {
    const retry = options.retry ?? {};
    this.policy = createDatabasePolicy({
      maxRetries: retry.maxRetries ?? 3,
      baseDelay: retry.baseDelayMs ?? 1_000,
      maxDelay: retry.maxDelayMs ?? 10_000,
      jitterMax: retry.jitterMs ?? 500,
      connectionTimeout: retry.timeoutMs ?? 60_000,
      // Every embed failure may be transient (rate limit, network); the breaker only stops hammering a dead model.
      isTransient: (err) => !(err instanceof ElizaSqlError) && !isAbort(err),
      failureThreshold: 1_000,
    });
  }

  async execute(): Promise<void> {
    await Promise.all(Array.from({ length: this.concurrency }, () => this.#worker()));
  }

  report(): ReembedReport {
    return {
      ...this.progress(),
      spaceId: this.space.id,
      dimension: this.dimension,
      withoutTextIds: this.#withoutText,
      failures: this.#failures,
      aborted: this.#aborted,
    };
  }

  progress(): ReembedProgress {
    const done = this.#reembedded + this.#withoutText.length + this.#failures.length;
    const elapsedMs = Date.now() - this.#started;
    const left = Math.max(0, this.total - done);
    return {
      total: this.total,
      done,
      reembedded: this.#reembedded,
      withoutText: this.#withoutText.length,
      failed: this.#failures.length,
      elapsedMs,
      etaMs: done === 0 ? undefined : Math.round((elapsedMs / done) * left),
    };
  }

  async #worker(): Promise<void> {
    for (;;) {
      if (this.options.signal?.aborted) {
        this.#aborted = true;
        return;
      }
      const batch = await this.#nextBatch();
      if (batch.length === 0) return;
      await this.#handle(batch);
      this.options.onProgress?.(this.progress());
    }
  }

  #nextBatch(): Promise<MemoryToReembed[]> {
    const next = this.#fetching.then(async () => {
      if (this.#exhausted) return [];
      const batch = await this.adapter.calls.read((ex) =>
        selectMemoriesToReembed(
          ex,
          this.adapter.agentId,
          this.dimension,
          this.space,
          this.#cursor,
          this.batchSize,
        ),
      );
      if (batch.length < this.batchSize) this.#exhausted = true;
      const last = batch.at(-1);
      if (last) this.#cursor = last.id;
      return batch;
    });
    this.#fetching = next.catch(() => undefined);
    return next;
  }

  async #handle(batch: MemoryToReembed[]): Promise<void> {
    const withText = batch.filter((m) => typeof m.text === 'string' && m.text.trim() !== '');
    for (const m of batch) if (!withText.includes(m)) this.#withoutText.push(m.id);
    if (withText.length === 0) return;
    const vectors = await this.#embedAll(withText);
    const ids: UUID[] = [];
    const texts: string[] = [];
    for (const [i, m] of withText.entries()) {
      const vector = vectors[i];
      if (vector === undefined) continue; // failed, reported
      ids.push(m.id);
      texts.push(float32VectorText(vector));
    }
    if (ids.length === 0) return;
    // The write is what marks the batch done; the heartbeat tells reclaim a run is alive.
    const written = await this.adapter.calls.write((ex) =>
      ex.transaction(async (tx) => {
        const rows = await writeReembeddedVectors(tx, this.dimension, this.space, ids, texts);
        await setReembedHeartbeat(tx, this.space.id, true);
        return rows;
      }),
    );
    // A memory deleted meanwhile (or re-embedded by another run) is not written: nothing left to do for it.
    this.#reembedded += written.length;
  }

  /** Vectors per memory (undefined: failed and reported). The batch at once, then one by one. */
  async #embedAll(batch: MemoryToReembed[]): Promise<Array<number[] | undefined>> {
    const texts = batch.map((m) => m.text as string);
    try {
      const vectors = await this.#embed(texts);
      if (vectors.length === texts.length) return batch.map((m, i) => this.#checked(m, vectors[i]));
    } catch (err) {
      if (isAbort(err) || batch.length === 1) return batch.map((m) => this.#fail(m, err));
    }
    const single: Array<number[] | undefined> = [];
    for (const m of batch) {
      try {
        const [vector] = await this.#embed([m.text as string]);
        single.push(this.#checked(m, vector));
      } catch (err) {
        single.push(this.#fail(m, err));
      }
    }
    return single;
  }

  #embed(texts: string[]): Promise<number[][]> {
    return this.policy.execute(
      (signal) => {
        const stop = this.options.signal;
        return this.options.embed(texts, stop ? AbortSignal.any([signal, stop]) : signal);
      },
      { idempotent: true },
    );
  }

  #checked(memory: MemoryToReembed, vector: unknown): number[] | undefined {
    const ok =
      Array.isArray(vector) &&
      vector.length === this.dimension &&
      vector.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (ok) return vector as number[];
    const what = Array.isArray(vector) ? `${vector.length} values or a non-finite value` : typeof vector;
    return this.#fail(memory, new Error(`embed returned ${what}: expected ${this.dimension} finite numbers`));
  }

  #fail(memory: MemoryToReembed, err: unknown): undefined {
    this.#failures.push({ memoryId: memory.id, message: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
