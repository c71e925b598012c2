/**
 * The plugin path end to end: the application role OWNS the database (NOSUPERUSER NOBYPASSRLS), so
 * `init()` with ENABLE_DATA_ISOLATION=true migrates and installs isolation itself (a post-migration
 * step) and FORCE ROW LEVEL SECURITY applies to it as owner. A plugin table migrated later is
 * isolated by the same step.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl } from '@eliza-sql/test-support';
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
import { createOwnedDatabase, type OwnedDatabase, uuid } from './isolation-fixture.js';

const url = testPostgresUrl();
const notes = pgTable('isolation_notes', { id: uuidColumn('id').primaryKey(), body: text('body') });

describe.runIf(url)('data isolation through the plugin configuration [postgres]', () => {
  let owned: OwnedDatabase;
  let superuser: DatabaseDriver;
  let one: SqlDatabaseAdapter;
  let two: SqlDatabaseAdapter;

  const adapterFor = (serverName: string) => {
    const settings: Record<string, string> = {
      POSTGRES_URL: owned.ownerUrl,
      ENABLE_DATA_ISOLATION: 'true',
      ELIZA_SERVER_ID: serverName,
    };
    return createAdapterFromConfig(
      resolveSqlConfig((k) => settings[k]),
      uuid(),
      silentSqlLogger,
    );
  };

  beforeAll(async () => {
    owned = await createOwnedDatabase(url as string);
    superuser = owned.superuser;
    one = adapterFor('server-one');
    two = adapterFor('server-two');
    await one.init(); // migrates, then installs isolation as the owning role
    await two.init(); // migrations and installation already done: no-ops; registers server-two
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await owned?.cleanup();
  });

  it('installs on init and registers both servers (ELIZA_SERVER_ID hashed as the reference does)', async () => {
    expect(await findUnisolatedTables(superuser)).toEqual([]);
    const servers = await superuser.query<{ id: string }>('SELECT id::text AS id FROM servers ORDER BY id');
    expect(servers.map((s) => s.id)).toEqual([stringToUuid('server-one'), stringToUuid('server-two')].sort());
    expect(one.getDataIsolation()).toEqual({ serverId: stringToUuid('server-one') });
  });

  it('the owning role is held to the policies: each server sees only its rows', async () => {
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
});
