import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid, isUuid } from '../validation.js';
import {
  assertIsolationEnforced,
  assertIsolationInstalled,
  assertRowLevelSecurity,
  type DataIsolationOptions,
  getOrCreateRlsServer,
  setIsolationContext,
} from './data-isolation.js';

/**
 * One adapter's isolation state: its server id (or none: isolation off) and the entity context of
 * the current async call chain (`withEntityContext`, carried by an AsyncLocalStorage owned by this
 * adapter, so two adapters never share it).
 */
export class IsolationScope {
  private readonly entity = new AsyncLocalStorage<{ readonly entityId: UUID | null }>();
  readonly options: DataIsolationOptions | undefined;

  constructor(options: DataIsolationOptions | undefined) {
    if (options) assertUuid('isolation.serverId', options.serverId);
    this.options = options;
  }

  /** Whether every call runs under row-level security. */
  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** Before migrations: the backend must enforce RLS and the role must not bypass it. */
  async assertEnforceable(driver: DatabaseDriver): Promise<void> {
    if (!this.options) return;
    assertRowLevelSecurity(driver);
    await assertIsolationEnforced(driver);
  }

  /** After migrations: the server is registered and every public table is isolated. */
  async assertReady(driver: DatabaseDriver): Promise<void> {
    if (!this.options) return;
    const { serverId } = this.options;
    await assertIsolationInstalled(driver);
    const known = await driver.query(sql`SELECT 1 FROM servers WHERE id = ${serverId}`);
    if (known.length === 0) await getOrCreateRlsServer(driver, serverId);
  }

  /**
   * Runs `fn` on `driver`; with isolation, inside ONE transaction whose first statement sets the
   * server and entity context (`entityId` when given, else the `withEntityContext` one).
   */
  execute<T>(
    driver: DatabaseDriver,
    fn: (ex: SqlExecutor) => Promise<T>,
    entityId?: UUID | null,
  ): Promise<T> {
    const options = this.options;
    if (!options) return fn(driver);
    const entity = entityId !== undefined ? entityId : (this.entity.getStore()?.entityId ?? null);
    return driver.transaction(async (tx) => {
      await setIsolationContext(tx, options.serverId, entity);
      return fn(tx);
    });
  }

  /** Runs `callback` with `entityId` (null: none) as the entity context of every call it makes. */
  withEntity<T>(entityId: UUID | null, callback: () => Promise<T>): Promise<T> {
    if (entityId !== null && !isUuid(entityId)) {
      return Promise.reject(invalidInput('entityId', entityId, 'a UUID (8-4-4-4-12 hex) or null'));
    }
    if (typeof callback !== 'function') {
      return Promise.reject(invalidInput('callback', callback, 'a function'));
    }
    return this.entity.run({ entityId }, callback);
  }
}
