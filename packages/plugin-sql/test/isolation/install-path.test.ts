/**
 * Turning isolation on for an existing database (rows without a server id are backfilled to the
 * installing server), idempotence (a re-run and a re-migration change nothing), and turning it off
 * (`uninstallRLS`: server ids kept, so re-enabling gives no server another's rows).
 */
import { schema } from '@eliza-sql/core-schema';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createMigrator } from '@eliza-sql/migrator';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { ChannelType, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findUnisolatedTables,
  installDataIsolation,
  SqlDatabaseAdapter,
  silentSqlLogger,
  uninstallDataIsolation,
} from '../../src/index.js';
import { createIsolatedDatabase, type IsolatedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();

async function serverIdsOf(owner: DatabaseDriver, table: string): Promise<Array<string | null>> {
  const rows = await owner.query<{ s: string | null }>(
    `SELECT DISTINCT server_id::text AS s FROM public."${table}" ORDER BY 1`,
  );
  return rows.map((r) => r.s);
}

describe.runIf(url)('installing and removing data isolation [postgres]', () => {
  const serverA = uuid();
  const serverB = uuid();
  let db: IsolatedDatabase;
  let app: DatabaseDriver;
  let plain: SqlDatabaseAdapter;
  let memoryId: UUID;

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
    app = await db.connectAs(await db.createRole('NOSUPERUSER NOBYPASSRLS'));
    // an existing database: rows written before isolation existed
    plain = new SqlDatabaseAdapter(uuid(), {
      driver: app,
      ownsDriver: false,
      logger: silentSqlLogger,
      migrations: { migrateOnInit: false },
    });
    await plain.init();
    const agentId = plain.agentId;
    await plain.createAgent({ id: agentId, name: 'before', bio: ['x'] });
    await plain.createEntities([{ id: agentId, names: ['before'], agentId, metadata: {} }]);
    const worldId = await plain.createWorld({ id: uuid(), name: 'w', agentId, messageServerId: uuid() });
    const [roomId] = (await plain.createRooms([
      { id: uuid(), name: 'r', agentId, source: 't', type: ChannelType.GROUP, worldId },
    ])) as UUID[];
    memoryId = await plain.createMemory(
      { entityId: agentId, agentId, roomId: roomId as UUID, content: { text: 'old' } },
      'messages',
    );
  });
  afterAll(async () => {
    await plain?.close();
    await db?.cleanup();
  });

  it('install backfills existing rows to the installing server and isolates every table', async () => {
    const report = await installDataIsolation(db.owner, { serverId: serverA });
    expect(report.rowsBackfilled).toBe(5); // the agent, entity, world, room and memory
    expect(report.tables).toHaveLength(19); // every public table (embedding_spaces included), servers included
    expect(
      report.changes.some((c) => c.startsWith('CREATE POLICY server_isolation_policy ON public."memories"')),
    ).toBe(true);
    for (const table of ['agents', 'entities', 'worlds', 'rooms', 'memories']) {
      expect(await serverIdsOf(db.owner, table), table).toEqual([serverA]);
    }
    expect(await findUnisolatedTables(db.owner)).toEqual([]);
  });

  it('re-running the installation and the migrations changes nothing', async () => {
    const policies = await db.owner.query(
      'SELECT polrelid::regclass::text AS t, polname FROM pg_policy ORDER BY 1, 2',
    );
    const again = await installDataIsolation(db.owner, { serverId: serverA });
    expect(again.changes).toEqual([]);
    expect(again.rowsBackfilled).toBe(0);
    const migrated = await createMigrator(db.owner, { extensions: ['vector', 'fuzzystrmatch'] }).migrate(
      '@elizaos/plugin-sql',
      schema,
    );
    expect(migrated.applied).toBe(false); // the added server_id columns, index and trigger are kept, not fought
    expect(
      await db.owner.query('SELECT polrelid::regclass::text AS t, polname FROM pg_policy ORDER BY 1, 2'),
    ).toEqual(policies);
    expect(await findUnisolatedTables(db.owner)).toEqual([]);
  });

  it('the installing server sees the old rows; another server does not', async () => {
    const a = await db.tenantAdapter(serverA);
    const b = await db.tenantAdapter(serverB);
    expect((await a.getMemoryById(memoryId))?.content.text).toBe('old');
    expect(await b.getMemoryById(memoryId)).toBeNull();
    await b.createAgent({ id: b.agentId, name: 'b-agent', bio: ['x'] });
    expect(await serverIdsOf(db.owner, 'agents')).toEqual([serverA, serverB].sort());
    await a.close();
    await b.close();
  });

  it('uninstallRLS turns it off, keeps the server ids, and is a no-op the second time', async () => {
    const changes = await uninstallDataIsolation(db.owner);
    expect(changes).toContain('DROP FUNCTION IF EXISTS public.current_server_id()');
    expect(await uninstallDataIsolation(db.owner)).toEqual([]);
    expect((await plain.getAgents()).length).toBe(2); // no RLS: everything visible again
    expect(await serverIdsOf(db.owner, 'agents')).toEqual([serverA, serverB].sort());
    const [rls] = await db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND (c.relrowsecurity OR c.relforcerowsecurity)
         AND c.relname <> 'eliza_sql_tenant_roles'`,
    );
    expect(rls?.n).toBe(0);
    // the role mapping is kept (re-enabling needs no new registrations), still owner-only
    const [mapping] = await db.owner.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM eliza_sql_tenant_roles',
    );
    expect(mapping?.n).toBe(2);
  });

  it('re-enabling gives the new server only rows written while it was off', async () => {
    const agentId = uuid();
    await plain.createAgent({ id: agentId, name: 'while-off', bio: ['x'] });
    const report = await installDataIsolation(db.owner, { serverId: serverB });
    expect(report.rowsBackfilled).toBe(1);
    expect(await serverIdsOf(db.owner, 'memories')).toEqual([serverA]);
    const b = await db.tenantAdapter(serverB);
    expect((await b.getAgents()).map((x) => x.name).sort()).toEqual(['b-agent', 'while-off']);
    await b.close();
  });
});
