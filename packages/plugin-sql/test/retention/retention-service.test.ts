/**
 * The retention service in a real elizaOS 1.7.2 AgentRuntime with this plugin: it prunes as the
 * settings say, an expired cache entry is never returned through the runtime, and it stops with the
 * runtime. Only the model is stubbed (a deterministic local embedder).
 */
import { randomBytes } from 'node:crypto';
import {
  createEmbedderPlugin,
  createTestDatabase,
  type TestDatabase,
  testPostgresUrl,
} from '@eliza-sql/test-support';
import { AgentRuntime, ChannelType, type Character, stringToUuid, type UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import sqlPlugin, { SqlDatabaseAdapter, SqlRetentionService, setExpiringCache } from '../../src/index.js';

const postgresUrl = testPostgresUrl();
let testDatabase: TestDatabase | undefined;
const backends = [
  {
    name: 'pglite',
    settings: async () => ({ PGLITE_DATA_DIR: `memory://retention-${randomBytes(4).toString('hex')}` }),
  },
  ...(postgresUrl
    ? [
        {
          name: 'postgres',
          settings: async () => {
            testDatabase ??= await createTestDatabase(postgresUrl, 'eliza_retention_service');
            return { POSTGRES_URL: testDatabase.url };
          },
        },
      ]
    : []),
];

for (const backend of backends) {
  describe(`retention service in an AgentRuntime [${backend.name}]`, () => {
    let runtime: AgentRuntime | undefined;
    afterAll(async () => {
      await runtime?.stop();
      await runtime?.close();
      await testDatabase?.drop();
      testDatabase = undefined;
    });

    it('prunes as the settings say, hides and sweeps expired cache entries, and stops with the runtime', async () => {
      const character: Character = {
        name: `Retention ${backend.name}`,
        bio: ['keeps only recent messages'],
        settings: {
          ...(await backend.settings()),
          MEMORY_RETENTION_TABLES: 'messages',
          MEMORY_MAX_PER_ROOM: '2',
        },
      };
      const rt = new AgentRuntime({ character, plugins: [sqlPlugin, createEmbedderPlugin()] });
      runtime = rt;
      await rt.initialize();
      const service = (await rt.getServiceLoadPromise(
        SqlRetentionService.serviceType as never,
      )) as SqlRetentionService;
      expect(service).toBeInstanceOf(SqlRetentionService);
      expect(service.active).toBe(true);

      const roomId = stringToUuid(`retention-room-${backend.name}`);
      const userId = stringToUuid(`retention-user-${backend.name}`);
      await rt.ensureConnection({
        entityId: userId,
        roomId,
        worldId: stringToUuid(`retention-world-${backend.name}`),
        userName: 'bob',
        source: 'test',
        type: ChannelType.GROUP,
        channelId: 'general',
        messageServerId: stringToUuid('retention-server'),
      });
      const start = Date.now() - 60_000;
      const ids: UUID[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await rt.createMemory(
          { entityId: userId, roomId, content: { text: `message ${i}` }, createdAt: start + i * 1000 },
          'messages',
        );
        ids.push(id);
      }
      const fact = await rt.createMemory({ entityId: userId, roomId, content: { text: 'a fact' } }, 'facts');

      await rt.setCache('kept', { ok: true });
      expect(rt.adapter).toBeInstanceOf(SqlDatabaseAdapter);
      await setExpiringCache(rt.adapter as SqlDatabaseAdapter, 'stale', 'old', {
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await rt.getCache('stale')).toBeUndefined();

      const report = await service.runNow();
      expect(report.total).toBe(4);
      expect([...report.removed].sort((a, b) => a.table.localeCompare(b.table))).toEqual([
        { table: 'cache', roomId: null, count: 1 },
        { table: 'messages', roomId, count: 3 },
      ]);
      const left = await rt.getMemories({ roomId, tableName: 'messages', count: 10 });
      expect(left.map((m) => m.id).sort()).toEqual(ids.slice(3).sort());
      expect(await rt.getMemoryById(fact)).not.toBeNull();
      expect(await rt.getCache('kept')).toEqual({ ok: true });

      await rt.stop();
      expect(service.active).toBe(false);
      expect((await service.runNow()).total).toBe(0);
    });
  });
}
