/**
 * Starting isolation fails clearly where it could not be enforced: a superuser or BYPASSRLS role, or
 * one that can become one (ISOLATION_BYPASSED); a database without the policies
 * (ISOLATION_NOT_INSTALLED); a login role that is not registered to the server, is another server's,
 * or holds privileges that step around the policies (ISOLATION_UNSAFE_ROLE); and PGlite, whose driver
 * declares no row-level security (UNSUPPORTED_BY_BACKEND). Never a silent no-op.
 */
import { randomBytes } from 'node:crypto';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdapterFromConfig,
  installDataIsolation,
  registerTenantRole,
  resolveSqlConfig,
  SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { createIsolatedDatabase, expectFailure, type IsolatedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();

function adapterOn(driver: DatabaseDriver, migrateOnInit: boolean, serverId: UUID = uuid()) {
  return new SqlDatabaseAdapter(uuid(), {
    driver,
    ownsDriver: false,
    logger: silentSqlLogger,
    isolation: { serverId },
    migrations: { migrateOnInit },
  });
}

describe.runIf(url)('starting data isolation [postgres]', () => {
  let db: IsolatedDatabase;

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
  });
  afterAll(() => db?.cleanup());

  it('refuses a superuser before migrating or installing anything', async () => {
    const message = await expectFailure(adapterOn(db.owner, true).init(), 'ISOLATION_BYPASSED');
    expect(message).toMatch(/role "postgres".*SUPERUSER.*NOSUPERUSER NOBYPASSRLS/);
    const [row] = await db.owner.query<{ installed: boolean }>(
      `SELECT to_regprocedure('current_server_id()') IS NOT NULL AS installed`,
    );
    expect(row?.installed).toBe(false);
  });

  it('refuses a BYPASSRLS role', async () => {
    const role = await db.createRole('NOSUPERUSER BYPASSRLS');
    const driver = await db.connectAs(role);
    const message = await expectFailure(adapterOn(driver, false).init(), 'ISOLATION_BYPASSED');
    expect(message).toContain(`role "${role}", which has BYPASSRLS`);
  });

  it('refuses from the configuration too (ENABLE_DATA_ISOLATION as superuser)', async () => {
    const config = resolveSqlConfig(
      (key) =>
        ({ POSTGRES_URL: db.database.url, ENABLE_DATA_ISOLATION: 'true', ELIZA_SERVER_ID: 'srv' })[key],
    );
    const adapter = createAdapterFromConfig(config, uuid(), silentSqlLogger);
    await expectFailure(adapter.init(), 'ISOLATION_BYPASSED');
    await adapter.close();
  });

  it('refuses a role that can become a BYPASSRLS role', async () => {
    const bypass = await db.createRole('NOSUPERUSER BYPASSRLS');
    const role = await db.createRole('NOSUPERUSER NOBYPASSRLS');
    await db.owner.query(`GRANT ${bypass} TO ${role}`);
    const message = await expectFailure(
      adapterOn(await db.connectAs(role), false).init(),
      'ISOLATION_BYPASSED',
    );
    expect(message).toContain(`"${role}" is a member of "${bypass}"`);
    expect(message).toContain(`REVOKE "${bypass}" FROM "${role}"`);
  });

  it('refuses a database where isolation is not installed, naming the tables', async () => {
    const driver = await db.connectAs(await db.createRole('NOSUPERUSER NOBYPASSRLS'));
    const message = await expectFailure(adapterOn(driver, false).init(), 'ISOLATION_NOT_INSTALLED');
    expect(message).toMatch(/current_server_id.*agents.*memories/);
  });

  it('starts once installed, connected as the login role registered to its server', async () => {
    const serverId = uuid();
    await installDataIsolation(db.owner, { serverId });
    const adapter = await db.tenantAdapter(serverId);
    expect(adapter.getDataIsolation()).toEqual({ serverId });
    expect(await adapter.getAgents()).toEqual([]);
  });

  it('refuses a login role registered to no server, naming registerTenantRole', async () => {
    const serverId = uuid();
    const role = await db.createRole('NOSUPERUSER NOBYPASSRLS');
    const adapter = new SqlDatabaseAdapter(uuid(), {
      driver: await db.connectAs(role),
      ownsDriver: false,
      logger: silentSqlLogger,
      isolation: { serverId },
      migrations: { migrateOnInit: false },
    });
    const message = await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    expect(message).toContain(`registerTenantRole(owner, { role: '${role}', serverId: '${serverId}' })`);
    expect(message).toContain('POSTGRES_MIGRATION_URL');
  });

  it("refuses another server's login role, and registering one role to two servers", async () => {
    const [serverA, serverB] = [uuid(), uuid()];
    const roleA = await db.tenantRole(serverA);
    const adapter = new SqlDatabaseAdapter(uuid(), {
      driver: await db.connectAs(roleA),
      ownsDriver: false,
      logger: silentSqlLogger,
      isolation: { serverId: serverB },
      migrations: { migrateOnInit: false },
    });
    const message = await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    expect(message).toMatch(/registered to another server.*own login role/);
    await expectFailure(
      registerTenantRole(db.owner, { role: roleA, serverId: serverB }),
      'ISOLATION_UNSAFE_ROLE',
    );
    expect(await registerTenantRole(db.owner, { role: roleA, serverId: serverA })).toBe(false); // already
    await expectFailure(
      registerTenantRole(db.owner, { role: 'no_such_role_x', serverId: serverA }),
      'INVALID_INPUT',
    );
    await expectFailure(
      registerTenantRole(db.owner, { role: 'postgres', serverId: serverA }),
      'ISOLATION_BYPASSED',
    );
  });

  it('refuses a login role holding TRUNCATE, naming the REVOKE; DML granted on the tenant mapping shows and changes nothing', async () => {
    const serverId = uuid();
    const role = await db.tenantRole(serverId);
    await db.owner.query(`GRANT TRUNCATE ON memories TO ${role}`);
    const truncate = await expectFailure(
      adapterOn(await db.connectAs(role), false, serverId).init(),
      'ISOLATION_UNSAFE_ROLE',
    );
    expect(truncate).toContain(`REVOKE TRUNCATE, TRIGGER ON ALL TABLES IN SCHEMA public FROM "${role}"`);
    await db.owner.query(`REVOKE TRUNCATE ON memories FROM ${role}`);
    // what GRANT ... ON ALL TABLES after the installation gives the group: row-level security, no policy
    await db.owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON eliza_sql_tenant_roles TO ${db.role}`);
    const adapter = adapterOn(await db.connectAs(role), false, serverId);
    await adapter.init();
    const raw = await adapter.getDriver();
    expect(await raw.query('SELECT * FROM eliza_sql_tenant_roles')).toEqual([]);
    await expect(
      raw.query(`INSERT INTO eliza_sql_tenant_roles VALUES ('x', '${serverId}')`),
    ).rejects.toThrow();
    expect(await raw.query('UPDATE eliza_sql_tenant_roles SET server_id = server_id RETURNING 1')).toEqual(
      [],
    );
    await adapter.close();
  });
});

describe('starting data isolation [pglite]', () => {
  let driver: DatabaseDriver;

  beforeAll(async () => {
    driver = await createPgliteDriver({ dataDir: `memory://isolation-${randomBytes(4).toString('hex')}` });
  });
  afterAll(() => driver?.close());

  it('fails at start, decided by the driver capability', async () => {
    expect(driver.capabilities.rowLevelSecurity).toBe(false);
    const message = await expectFailure(adapterOn(driver, true).init(), 'UNSUPPORTED_BY_BACKEND');
    expect(message).toMatch(/backend "pglite" cannot enforce/);
    await expectFailure(installDataIsolation(driver, { serverId: uuid() }), 'UNSUPPORTED_BY_BACKEND');
  });

  it('fails at start from the configuration (ENABLE_DATA_ISOLATION without POSTGRES_URL)', async () => {
    const settings: Record<string, string> = {
      PGLITE_DATA_DIR: `memory://isolation-config-${randomBytes(4).toString('hex')}`,
      ENABLE_DATA_ISOLATION: 'true',
      ELIZA_SERVER_ID: 'srv',
    };
    const adapter = createAdapterFromConfig(
      resolveSqlConfig((k) => settings[k]),
      uuid(),
      silentSqlLogger,
    );
    await expectFailure(adapter.init(), 'UNSUPPORTED_BY_BACKEND');
    await adapter.close();
  });

  it('without isolation, withEntityContext just runs the callback (ids still validated)', async () => {
    const adapter = new SqlDatabaseAdapter(uuid(), { driver, ownsDriver: false, logger: silentSqlLogger });
    await adapter.init();
    expect(await adapter.withEntityContext(uuid(), async () => adapter.countAgents())).toBe(0);
    await expectFailure(
      adapter.withEntityContext('nope' as never, async () => 1),
      'INVALID_INPUT',
    );
    expect(
      await adapter.withIsolationContext(null, async (tx) => (await tx.query('SELECT 1 AS x'))[0]),
    ).toEqual({
      x: 1,
    });
    await adapter.close();
  });
});
