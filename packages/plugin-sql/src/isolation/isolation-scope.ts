import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid, isUuid } from '../validation.js';
import { assertTenantRole } from './assert-tenant-role.js';
import { bindTenantContext } from './bind-tenant-context.js';
import {
  assertIsolationInstalled,
  assertRowLevelSecurity,
  type DataIsolationOptions,
} from './data-isolation.js';
import { registerTenantRole } from './register-tenant-role.js';

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

  /**
   * Before migrations (and again after them): the backend must enforce RLS, and the connection's
   * login role must neither bypass it nor own anything a tenant could drop or disable.
   */
  async assertEnforceable(driver: DatabaseDriver): Promise<void> {
    if (!this.options) return;
    assertRowLevelSecurity(driver);
    await assertTenantRole(driver);
  }

  /**
   * Binds the login role of `driver` to this adapter's server, run through `owner` (the tables
   * owner's connection, after it migrated and installed isolation).
   */
  async register(owner: SqlExecutor, driver: SqlExecutor): Promise<void> {
    if (!this.options) return;
    const [row] = await driver.query<{ login: string }>('SELECT session_user::text AS login');
    if (!row) throw new Error('session_user query returned no row');
    await registerTenantRole(owner, { role: row.login, serverId: this.options.serverId });
  }

  /**
   * After migrations: every public table is isolated, the role is safe and registered to this
   * server, and the server is in `servers` (a tenant may insert its own row).
   */
  async assertReady(driver: DatabaseDriver): Promise<void> {
    if (!this.options) return;
    const { serverId } = this.options;
    await assertIsolationInstalled(driver);
    await assertTenantRole(driver, serverId);
    await driver.query(sql`INSERT INTO servers (id) VALUES (${serverId}) ON CONFLICT (id) DO NOTHING`);
  }

  /**
   * Runs `fn` on `driver`; with isolation, inside ONE transaction whose first statement sets the
   * entity context (`entityId` when given, else the `withEntityContext` one) and checks that the
   * login role is still bound to this server (a removed isolation fails the call before `fn` runs).
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
      await bindTenantContext(tx, options.serverId, entity);
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
