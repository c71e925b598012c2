import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { DatabasePolicy } from '@eliza-sql/resilience';
import type { UUID } from '@elizaos/core';
import type { IsolationScope } from '../isolation/isolation-scope.js';
import type { AdapterLifecycle } from './adapter-lifecycle.js';

/** A unit of work on the executor the boundary hands it (the driver, or the call's transaction). */
export type StoreCall<T> = (ex: SqlExecutor) => Promise<T>;

/**
 * The one road from a public method to the database: wait for the lifecycle, then run the work
 * through the resilience policy once, under the isolation context. The three entry points differ
 * only in what may be retried after a transient failure.
 */
export class CallBoundary {
  constructor(
    private readonly lifecycle: AdapterLifecycle,
    private readonly policy: DatabasePolicy,
    private readonly isolation: IsolationScope,
  ) {}

  /** A read: retried on transient errors. */
  read<T>(fn: StoreCall<T>): Promise<T> {
    return this.#run(fn, true);
  }

  /** A write whose repetition changes nothing (an upsert, a delete, an update to given values): retried as a read. */
  idempotentWrite<T>(fn: StoreCall<T>): Promise<T> {
    return this.#run(fn, true);
  }

  /** Any other write: retried only when it never reached the server. */
  write<T>(fn: StoreCall<T>): Promise<T> {
    return this.#run(fn, false);
  }

  /**
   * `fn` in one transaction (one policy execution, not retried) with `entityId` (null: none) as the
   * entity context when isolation is on.
   */
  transaction<T>(entityId: UUID | null, fn: StoreCall<T>): Promise<T> {
    if (this.isolation.enabled) return this.#run(fn, false, entityId);
    return this.#run((ex) => ex.transaction(fn), false);
  }

  /** Runs `callback` with `entityId` (null: none) as the entity context of every call it makes. */
  withEntity<T>(entityId: UUID | null, callback: () => Promise<T>): Promise<T> {
    return this.isolation.withEntity(entityId, callback);
  }

  async #run<T>(fn: StoreCall<T>, idempotent: boolean, entityId?: UUID | null): Promise<T> {
    const driver = await this.lifecycle.ready();
    return this.policy.execute(() => this.isolation.execute(driver, fn, entityId), { idempotent });
  }
}
