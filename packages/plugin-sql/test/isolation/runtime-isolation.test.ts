/**
 * Two elizaOS 1.7.2 AgentRuntimes, on two servers (ENABLE_DATA_ISOLATION + different ELIZA_SERVER_ID),
 * sharing one PostgreSQL database owned by a NON-superuser role, each connected as its own login role
 * (POSTGRES_URL) with the owner as POSTGRES_MIGRATION_URL: both come up through the plugin, work end
 * to end, and never see each other's rows. The entity context narrows what one user sees.
 */
import { testPostgresUrl, createEmbedderPlugin, embedText } from '@eliza-sql/test-support';
import { AgentRuntime, ChannelType, stringToUuid, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sqlPlugin, { SqlDatabaseAdapter } from '../../src/index.js';
import { createOwnedDatabase, type OwnedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();

describe.runIf(url)('AgentRuntime with data isolation [postgres]', () => {
  let owned: OwnedDatabase;
  const runtimes: AgentRuntime[] = [];

  const start = async (server: string) => {
    const runtime = new AgentRuntime({
      character: {
        name: `Agent of ${server}`,
        bio: ['isolated'],
        settings: {
          POSTGRES_URL: await owned.createTenantUrl(),
          POSTGRES_MIGRATION_URL: owned.ownerUrl,
          ENABLE_DATA_ISOLATION: 'true',
          ELIZA_SERVER_ID: server,
        },
      },
      plugins: [sqlPlugin, createEmbedderPlugin()],
    });
    runtimes.push(runtime);
    await runtime.initialize();
    return runtime;
  };

  const converse = async (runtime: AgentRuntime, user: string, text: string) => {
    const entityId = stringToUuid(`${user}-${runtime.agentId}`);
    const roomId = stringToUuid(`room-${user}-${runtime.agentId}`);
    await runtime.ensureConnection({
      entityId,
      roomId,
      worldId: stringToUuid(`world-${runtime.agentId}`),
      userName: user,
      name: user,
      source: 'test',
      type: ChannelType.GROUP,
      channelId: `general-${user}`,
      messageServerId: stringToUuid(`ms-${runtime.agentId}`),
    });
    const memory = await runtime.addEmbeddingToMemory({
      entityId,
      agentId: runtime.agentId,
      roomId,
      content: { text, source: 'test' },
    });
    return { entityId, roomId, memoryId: await runtime.createMemory(memory, 'messages') };
  };

  beforeAll(async () => {
    owned = await createOwnedDatabase(url as string);
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    await owned?.cleanup();
  });

  it('two servers come up on one database and stay apart', async () => {
    const one = await start('server-one');
    const two = await start('server-two');
    expect(one.adapter).toBeInstanceOf(SqlDatabaseAdapter);
    const a = await converse(one, 'alice', 'My cat is called Pixel');
    const b = await converse(two, 'bob', 'My dog is called Rex');

    const [hit] = await one.searchMemories({
      tableName: 'messages',
      embedding: embedText('cat name'),
      count: 5,
    });
    expect(hit?.content.text).toBe('My cat is called Pixel');
    const everything = await two.searchMemories({
      tableName: 'messages',
      embedding: embedText('cat name'),
      count: 50,
    });
    expect(everything.map((m) => m.content.text)).toEqual(['My dog is called Rex']);
    expect(await two.getMemoryById(a.memoryId)).toBeNull();
    expect(await one.getRoom(b.roomId)).toBeNull();
    expect((await two.getAgents()).map((x) => x.id)).toEqual([two.agentId]);

    const rows = await owned.superuser.query<{ s: string; n: number }>(
      'SELECT server_id::text AS s, count(*)::int AS n FROM memories GROUP BY 1 ORDER BY 1',
    );
    expect(rows.map((r) => r.s)).toEqual([stringToUuid('server-one'), stringToUuid('server-two')].sort());
  });

  it('withEntityContext narrows one user to their rooms', async () => {
    const one = runtimes[0] as AgentRuntime;
    const carol = await converse(one, 'carol', 'Carol likes tea');
    const alice = stringToUuid(`alice-${one.agentId}`);
    const aliceRoom = stringToUuid(`room-alice-${one.agentId}`);
    const adapter = one.adapter as SqlDatabaseAdapter;
    const seen = await adapter.withEntityContext(carol.entityId, () =>
      one.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [carol.roomId, aliceRoom] }),
    );
    expect(seen.map((m) => m.content.text)).toEqual(['Carol likes tea']);
    const asAlice = await adapter.withEntityContext(alice as UUID, () =>
      one.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [carol.roomId, aliceRoom] }),
    );
    expect(asAlice.map((m) => m.content.text)).toEqual(['My cat is called Pixel']);
  });
});
