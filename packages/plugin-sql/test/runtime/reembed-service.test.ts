/**
 * The re-embedding service in a real AgentRuntime: the character's embedding model changes between two
 * starts (384 -> 768, then a different 768 model), and with EMBEDDING_DIMENSION_CHANGE=reembed the
 * service brings every old memory back into search; without it (the default) nothing is re-embedded.
 */
import { createEmbedderPlugin, embedText } from '@eliza-sql/test-support';
import { AgentRuntime, ChannelType, type Plugin, type ServiceTypeName, stringToUuid } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import sqlPlugin, { EmbeddingReembedService } from '../../src/index.js';
import { type DatabaseConfig, testConfigBackends } from '../support/config-backends.js';

const settingsOf = (location: DatabaseConfig): Record<string, string> =>
  'dataDir' in location ? { PGLITE_DATA_DIR: location.dataDir } : { POSTGRES_URL: location.postgresUrl };

/** A second 768-d model: the same words, an unrelated direction (the vector reversed). */
const reversedModel: Plugin = {
  name: 'reversed-embedder-768',
  description: 'embedText reversed, 768 dimensions',
  models: {
    TEXT_EMBEDDING: async (_runtime, params) =>
      embedText(
        typeof params === 'object' && params && 'text' in params ? String(params.text) : '',
        768,
      ).reverse(),
  },
};

const TEXTS = [
  'my cat is called Pixel',
  'the garden has tomatoes',
  'we sailed to the island',
  'piano lessons on friday',
];

for (const backend of testConfigBackends) {
  describe(`AgentRuntime: the re-embedding service after an embedding model change [${backend.name}]`, () => {
    const agentId = stringToUuid(`reembed-service-${backend.name}`);
    const roomId = stringToUuid(`reembed-service-room-${backend.name}`);
    const userId = stringToUuid(`reembed-service-user-${backend.name}`);
    let location: DatabaseConfig | undefined;
    afterAll(() => backend.cleanup());

    async function start(model: Plugin, mode?: string) {
      location ??= await backend.open();
      const runtime = new AgentRuntime({
        character: {
          id: agentId,
          name: 'Re-embedder',
          bio: ['changes models'],
          settings: {
            ...settingsOf(location),
            ...(mode ? { EMBEDDING_DIMENSION_CHANGE: mode } : {}),
            REEMBED_BATCH_SIZE: '2',
            REEMBED_LOG_INTERVAL_MS: '100',
          },
        },
        plugins: [sqlPlugin, model],
      });
      await runtime.initialize();
      const service = (await runtime.getServiceLoadPromise(
        EmbeddingReembedService.serviceType as ServiceTypeName,
      )) as EmbeddingReembedService;
      return { runtime, service };
    }
    const recall = async (runtime: AgentRuntime, embedding: number[]) =>
      (await runtime.searchMemories({ tableName: 'messages', embedding, roomId, count: 10 }))
        .map((m) => m.content.text)
        .sort();

    it('first start (384): memories stored; the service stays disabled', async () => {
      const { runtime, service } = await start(createEmbedderPlugin(384) as unknown as Plugin);
      await runtime.ensureConnection({
        entityId: userId,
        roomId,
        worldId: stringToUuid(`reembed-service-world-${backend.name}`),
        userName: 'alice',
        name: 'Alice',
        source: 'test',
        type: ChannelType.GROUP,
        channelId: 'general',
        messageServerId: stringToUuid('reembed-service-server'),
      });
      for (const text of TEXTS) {
        const memory = await runtime.addEmbeddingToMemory({
          entityId: userId,
          agentId,
          roomId,
          content: { text },
        });
        await runtime.createMemory(memory, 'messages');
      }
      expect(service.getStatus().state).toBe('disabled');
      expect((await recall(runtime, embedText('cat Pixel', 384)))[0]).toBeDefined();
      await runtime.close();
    });

    it('a 768 model with switch: old memories are not searchable and nothing is re-embedded', async () => {
      const { runtime, service } = await start(createEmbedderPlugin(768) as unknown as Plugin, 'switch');
      expect(service.getStatus().state).toBe('disabled');
      expect(await recall(runtime, embedText('cat Pixel', 768))).toEqual([]);
      await runtime.close();
    });

    it('the same 768 model with reembed: the service re-embeds every old memory and search finds them all', async () => {
      const { runtime, service } = await start(createEmbedderPlugin(768) as unknown as Plugin, 'reembed');
      const status = await service.whenIdle();
      expect(status.state).toBe('finished');
      expect(status.report).toMatchObject({ total: TEXTS.length, reembedded: TEXTS.length, failed: 0 });
      for (const text of TEXTS) {
        const found = await runtime.searchMemories({
          tableName: 'messages',
          embedding: embedText(text, 768),
          roomId,
          count: 1,
        });
        expect(found[0]?.content.text).toBe(text);
      }
      await runtime.close();
    });

    it('another 768 model (same dimension) with reembed: seen by the fingerprint, every memory re-embedded again', async () => {
      const { runtime, service } = await start(reversedModel, 'reembed');
      const status = await service.whenIdle();
      expect(status.report).toMatchObject({ total: TEXTS.length, reembedded: TEXTS.length, failed: 0 });
      for (const text of TEXTS) {
        const found = await runtime.searchMemories({
          tableName: 'messages',
          embedding: embedText(text, 768).reverse(),
          roomId,
          count: 1,
        });
        expect(found[0]?.content.text).toBe(text);
      }
      await runtime.close();
    });

    it('a restart with the same model under error: no change, the service stays disabled', async () => {
      // (the agent's stored settings keep the last EMBEDDING_DIMENSION_CHANGE, so it is set explicitly)
      const { runtime, service } = await start(reversedModel, 'error');
      expect(service.getStatus().state).toBe('disabled');
      expect(await recall(runtime, embedText('cat Pixel', 768).reverse())).toContain(
        'my cat is called Pixel',
      );
      await runtime.close();
    });
  });
}
