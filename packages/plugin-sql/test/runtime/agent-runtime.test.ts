/**
 * The real client: an elizaOS 1.7.2 AgentRuntime with this plugin. Only the model is stubbed (a
 * deterministic local TEXT_EMBEDDING handler); the database is real, empty at start.
 */
import { randomBytes } from 'node:crypto';
import {
  createTestDatabase,
  type TestDatabase,
  testPostgresUrl,
  createEmbedderPlugin,
  embedText,
} from '@eliza-sql/test-support';
import { AgentRuntime, ChannelType, type Character, type UUID, stringToUuid } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import sqlPlugin, { SqlDatabaseAdapter } from '../../src/index.js';

const postgresUrl = testPostgresUrl();
const backends = [
  {
    name: 'pglite',
    settings: async () => ({ PGLITE_DATA_DIR: `memory://runtime-${randomBytes(4).toString('hex')}` }),
  },
  ...(postgresUrl
    ? [{ name: 'postgres', settings: async () => ({ POSTGRES_URL: (await database()).url }) }]
    : []),
];

let testDatabase: TestDatabase | undefined;
async function database(): Promise<TestDatabase> {
  testDatabase ??= await createTestDatabase(postgresUrl as string, 'eliza_runtime');
  return testDatabase;
}

for (const backend of backends) {
  describe(`AgentRuntime with @eliza-sql/plugin-sql [${backend.name}]`, () => {
    let runtime: AgentRuntime;
    afterAll(async () => {
      await runtime?.close();
      await testDatabase?.drop();
      testDatabase = undefined;
    });

    it('initialize() on an empty database migrates and comes up; runtime methods work end to end', async () => {
      const character: Character = {
        name: `Runtime Tester ${backend.name}`,
        bio: ['tests the SQL plugin'],
        settings: await backend.settings(),
      };
      runtime = new AgentRuntime({ character, plugins: [sqlPlugin, createEmbedderPlugin()] });
      await runtime.initialize();
      expect(runtime.adapter).toBeInstanceOf(SqlDatabaseAdapter);
      expect(await runtime.isReady()).toBe(true);
      expect((await runtime.getAgent(runtime.agentId))?.name).toBe(character.name);
      expect(await runtime.getRoom(runtime.agentId)).toMatchObject({
        id: runtime.agentId,
        type: ChannelType.SELF,
      });

      const userId = stringToUuid(`user-${backend.name}`);
      const roomId = stringToUuid(`room-${backend.name}`);
      const worldId = stringToUuid(`world-${backend.name}`);
      await runtime.ensureConnection({
        entityId: userId,
        roomId,
        worldId,
        userName: 'alice',
        name: 'Alice',
        source: 'test',
        type: ChannelType.GROUP,
        channelId: 'general',
        messageServerId: stringToUuid('server'),
      });
      expect(await runtime.isRoomParticipant(roomId, userId)).toBe(true);
      expect((await runtime.getEntityById(userId))?.names).toContain('Alice');
      expect((await runtime.getEntitiesForRoom(roomId)).map((e) => e.id)).toContain(userId);

      const texts = [
        'I love hiking in the mountains',
        'My cat is called Pixel',
        'Pizza is my favourite food',
      ];
      const ids: UUID[] = [];
      for (const text of texts) {
        const memory = await runtime.addEmbeddingToMemory({
          entityId: userId,
          agentId: runtime.agentId,
          roomId,
          worldId,
          content: { text, source: 'test' },
        });
        ids.push(await runtime.createMemory(memory, 'messages'));
      }
      const recent = await runtime.getMemories({ roomId, tableName: 'messages', count: 10 });
      expect(recent.map((m) => m.content.text).sort()).toEqual([...texts].sort());
      const hits = await runtime.searchMemories({
        tableName: 'messages',
        embedding: embedText('what is the name of your cat'),
        roomId,
        count: 1,
      });
      expect(hits[0]?.content.text).toBe('My cat is called Pixel');
      expect(hits[0]?.similarity).toBeGreaterThan(0);

      const taskId = await runtime.createTask({
        name: 'follow-up',
        description: 'ask again',
        roomId,
        worldId,
        tags: ['queue'],
        metadata: {},
      });
      expect((await runtime.getTasks({ roomId, tags: ['queue'] })).map((t) => t.id)).toEqual([taskId]);
      expect(await runtime.setCache('runtime-cache', { ids })).toBe(true);
      expect(await runtime.getCache('runtime-cache')).toEqual({ ids });
      await runtime.deleteMemory(ids[0] as UUID);
      expect(await runtime.getMemoryById(ids[0] as UUID)).toBeNull();
    });

    it('a second initialize() of the same agent on the same database resumes (no migration, data kept)', async () => {
      const agentId = runtime.agentId;
      const again = new AgentRuntime({
        character: { ...runtime.character, id: agentId },
        plugins: [sqlPlugin, createEmbedderPlugin()],
      });
      await again.initialize();
      expect(
        (await again.getMemories({ roomId: stringToUuid(`room-${backend.name}`), tableName: 'messages' }))
          .length,
      ).toBe(2);
      await again.close();
      expect(await runtime.isReady()).toBe(true); // closing the other runtime's adapter left this one working
    });
  });
}
