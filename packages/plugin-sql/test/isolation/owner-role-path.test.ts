/**
 * The plugin path end to end, on a database whose tables a NOSUPERUSER NOBYPASSRLS role owns (as on
 * a managed PostgreSQL). The two-role setup is the only supported one: an adapter connected as the
 * owner (or as a member of it) is refused before it migrates anything, with the SQL that fixes it;
 * with POSTGRES_URL a per-server login role and POSTGRES_MIGRATION_URL the owner, `init()` migrates,
 * installs isolation and registers its role through the owner, and a plugin table migrated later is
 * isolated too.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { ChannelType, stringToUuid, type UUID } from '@elizaos/core';
import { pgTable, text, uuid as uuidColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdapterFromConfig,
  findUnisolatedTables,
  resolveSqlConfig,
  type SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { createOwnedDatabase, expectFailure, type OwnedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();
const notes = pgTable('isolation_notes', { id: uuidColumn('id').primaryKey(), body: text('body') });

describe.runIf(url)('data isolation through the plugin configuration, two roles [postgres]', () => {
  let owned: OwnedDatabase;
  let superuser: DatabaseDriver;
  let one: SqlDatabaseAdapter;
  let two: SqlDatabaseAdapter;

  const adapterFor = (serverName: string, postgresUrl: string, migrationUrl?: string) => {
    const settings: Record<string, string | undefined> = {
      POSTGRES_URL: postgresUrl,
      POSTGRES_MIGRATION_URL: migrationUrl,
      ENABLE_DATA_ISOLATION: 'true',
      ELIZA_SERVER_ID: serverName,
    };
    return createAdapterFromConfig(
      resolveSqlConfig((k) => settings[k]),
      uuid(),
      silentSqlLogger,
    );
  };
  const tableCount = async () => {
    const [row] = await superuser.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    return row?.n;
  };

  beforeAll(async () => {
    owned = await createOwnedDatabase(url as string);
    superuser = owned.superuser;
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await owned?.cleanup();
  });

  it('refuses to run as the owning role, before migrating anything, naming the fix', async () => {
    const adapter = adapterFor('server-one', owned.ownerUrl);
    const message = await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    expect(message).toContain(`login role "${owned.role}" could drop or disable the isolation`);
    expect(message).toContain('schema public');
    expect(message).toMatch(/CREATE ROLE .* LOGIN NOSUPERUSER NOBYPASSRLS/);
    expect(message).toContain('registerTenantRole');
    expect(message).toContain('POSTGRES_MIGRATION_URL');
    expect(await tableCount()).toBe(0);
    await adapter.close();
  });

  it('refuses the owner as the application role even when it is also the migration role', async () => {
    const adapter = adapterFor('server-one', owned.ownerUrl, owned.ownerUrl);
    await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    await adapter.close();
    const mapped = await superuser.query(
      `SELECT 1 FROM pg_class WHERE relname = 'eliza_sql_tenant_roles' AND relnamespace = 'public'::regnamespace`,
    );
    if (mapped.length > 0) {
      expect(await superuser.query('SELECT role_name FROM eliza_sql_tenant_roles')).toEqual([]);
    }
  });

  it('migrates, installs and registers through POSTGRES_MIGRATION_URL; each server sees only its rows', async () => {
    one = adapterFor('server-one', await owned.createTenantUrl(), owned.ownerUrl);
    two = adapterFor('server-two', await owned.createTenantUrl(), owned.ownerUrl);
    await one.init(); // migrates, installs isolation and registers its role, as the owner
    await two.init(); // migrations and installation already done: registers its role
    expect(await findUnisolatedTables(superuser)).toEqual([]);
    const servers = await superuser.query<{ id: string }>('SELECT id::text AS id FROM servers ORDER BY id');
    expect(servers.map((s) => s.id)).toEqual([stringToUuid('server-one'), stringToUuid('server-two')].sort());
    expect(one.getDataIsolation()).toEqual({ serverId: stringToUuid('server-one') });
    for (const adapter of [one, two]) {
      const agentId = adapter.agentId;
      await adapter.createAgent({ id: agentId, name: `agent-${agentId}`, bio: ['x'] });
      await adapter.createEntities([{ id: agentId, names: ['a'], agentId, metadata: {} }]);
      const worldId = await adapter.createWorld({ id: uuid(), name: 'w', agentId, messageServerId: uuid() });
      await adapter.createRooms([
        { id: agentId, name: 'r', agentId, source: 't', type: ChannelType.GROUP, worldId },
      ]);
      await adapter.createMemory(
        { entityId: agentId, agentId, roomId: agentId, content: { text: agentId } },
        'messages',
      );
    }
    expect((await one.getAgents()).map((a) => a.id)).toEqual([one.agentId]);
    expect((await two.getAllWorlds()).length).toBe(1);
    expect(await two.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [one.agentId as UUID] })).toEqual(
      [],
    );
  });

  it('a plugin table migrated later is isolated by the post-migration step', async () => {
    await one.runPluginMigrations([{ name: 'isolation-notes-plugin', schema: { notes } }]);
    expect(await findUnisolatedTables(superuser)).toEqual([]);
    const id = uuid();
    await one.withIsolationContext(null, (tx) => tx.db.insert(notes).values({ id, body: 'one' }));
    expect(await one.withIsolationContext(null, (tx) => tx.db.select().from(notes))).toEqual([
      { id, body: 'one' },
    ]);
    expect(await two.withIsolationContext(null, (tx) => tx.db.select().from(notes))).toEqual([]);
  });

  it('refuses a login role that is a member of the owner, naming the REVOKE', async () => {
    const tenantUrl = await owned.createTenantUrl();
    const login = new URL(tenantUrl).username;
    await superuser.query(`GRANT ${owned.role} TO ${login}`);
    const adapter = adapterFor('server-three', tenantUrl, owned.ownerUrl);
    const message = await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    expect(message).toContain(`REVOKE "${owned.role}" FROM "${login}"`);
    await adapter.close();
    const mapped = await superuser.query(`SELECT 1 FROM eliza_sql_tenant_roles WHERE role_name = '${login}'`);
    expect(mapped).toEqual([]); // refused before it was registered
  });

  it('without POSTGRES_MIGRATION_URL an unregistered role migrates nothing and is refused with the fix', async () => {
    const adapter = adapterFor('server-four', await owned.createTenantUrl());
    const message = await expectFailure(adapter.init(), 'ISOLATION_UNSAFE_ROLE');
    expect(message).toMatch(/not registered to server .*registerTenantRole/);
    await adapter.close();
  });
});
