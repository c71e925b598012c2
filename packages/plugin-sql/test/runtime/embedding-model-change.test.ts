import { createEmbedderPlugin, embedText } from '@eliza-sql/test-support';
import { AgentRuntime, addLogListener, ChannelType, type ServiceTypeName, stringToUuid } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import sqlPlugin, { EmbeddingReembedService } from '../../src/index.js';
import { type DatabaseConfig, testConfigBackends } from '../support/config-backends.js';

/** The runtime settings that put the plugin on `location`. */
const settingsOf = (location: DatabaseConfig): Record<string, string> =>
  'dataDir' in location ? { PGLITE_DATA_DIR: location.dataDir } : { POSTGRES_URL: location.postgresUrl };

for (const backend of testConfigBackends) {
  describe(`AgentRuntime restarted with an embedding model of another dimension [${backend.name}]`, () => {
    const agentId = stringToUuid(`model-change-${backend.name}`);
    const roomId = stringToUuid(`model-change-room-${backend.name}`);
    const userId = stringToUuid(`model-change-user-${backend.name}`);
    let location: DatabaseConfig | undefined;
    afterAll(() => backend.cleanup());

    /** One start of the agent; returns the runtime and the warnings the start printed. */
    async function start(dimension: number, mode?: string) {
      location ??= await backend.open();
      const runtime = new AgentRuntime({
        character: {
          id: agentId,
          name: 'Model Changer',
          bio: ['changes its embedding model'],
          settings: { ...settingsOf(location), ...(mode ? { EMBEDDING_DIMENSION_CHANGE: mode } : {}) },
        },
        plugins: [sqlPlugin, createEmbedderPlugin(dimension)],
      });
      const warnings: string[] = [];
      const stop = addLogListener((entry) => {
        if (entry.level === 40 && entry.msg.includes('[PLUGIN:SQL]')) warnings.push(entry.msg);
      });
      try {
        await runtime.initialize();
      } catch (error) {
        await runtime.close();
        throw error;
      } finally {
        stop();
      }
      return { runtime, warnings };
    }
    async function remember(runtime: AgentRuntime, text: string) {
      const memory = await runtime.addEmbeddingToMemory({
        entityId: userId,
        agentId,
        roomId,
        content: { text, source: 'test' },
      });
      await runtime.createMemory(memory, 'messages');
    }
    async function recall(runtime: AgentRuntime, query: string, dimension: number) {
      const hits = await runtime.searchMemories({
        tableName: 'messages',
        embedding: embedText(query, dimension),
        roomId,
        count: 10,
      });
      return hits.map((m) => m.content.text).sort();
    }
    const allTexts = async (runtime: AgentRuntime) =>
      (await runtime.getMemories({ roomId, tableName: 'messages', count: 100 }))
        .map((m) => m.content.text)
        .sort();

    it('first start with a 384-dimension model stores memories', async () => {
      const { runtime } = await start(384);
      await runtime.ensureConnection({
        entityId: userId,
        roomId,
        worldId: stringToUuid(`model-change-world-${backend.name}`),
        userName: 'alice',
        name: 'Alice',
        source: 'test',
        type: ChannelType.GROUP,
        channelId: 'general',
        messageServerId: stringToUuid('model-change-server'),
      });
      for (const text of ['my cat is called Pixel', 'the cat sleeps all day', 'pizza tonight']) {
        await remember(runtime, text);
      }
      expect(await recall(runtime, 'cat', 384)).toContain('my cat is called Pixel');
      await runtime.close();
    });

    it('error (default): the restart with a 768 model fails with a message that says what to set', async () => {
      const err = await start(768).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EMBEDDING_DIMENSION_CHANGE_REFUSED' });
      const message = String((err as Error).message);
      expect(message).toContain(`Cannot change embedding dimension for agent ${agentId} from 384 to 768`);
      expect(message).toContain('3 memories hold 384-dimension vectors');
      expect(message).toMatch(/EMBEDDING_DIMENSION_CHANGE=switch.*EMBEDDING_DIMENSION_CHANGE=reembed/s);
    });

    it('switch: the restart comes up with one warning; new memories are found with the new model, old ones kept', async () => {
      const { runtime, warnings } = await start(768, 'switch');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('switched from 384 to 768');
      expect(warnings[0]).toContain('3 memories hold 384-dimension vectors');
      for (const text of ['the dog is called Rex', 'the dog barks at cats']) await remember(runtime, text);
      expect(await recall(runtime, 'dog cat', 768)).toEqual([
        'the dog barks at cats',
        'the dog is called Rex',
      ]);
      expect(await allTexts(runtime)).toHaveLength(5);
      await expect(
        runtime.searchMemories({ tableName: 'messages', embedding: embedText('cat', 384), roomId }),
      ).rejects.toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
      await runtime.close();
    });

    it('switch back to the 384 model: the old memories are found again; nothing was deleted', async () => {
      const { runtime, warnings } = await start(384, 'switch');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('switched from 768 to 384');
      expect(warnings[0]).toContain('2 memories hold 768-dimension vectors');
      expect(await recall(runtime, 'dog cat', 384)).toEqual([
        'my cat is called Pixel',
        'pizza tonight',
        'the cat sleeps all day',
      ]);
      expect(await allTexts(runtime)).toHaveLength(5);
      // The agent goes on talking: its newest vector is 384 again, which is what the next start compares with.
      await remember(runtime, 'the cat came home');
      expect(await recall(runtime, 'cat', 384)).toContain('the cat came home');
      await runtime.close();
    });

    it('a restart with the same model and the default setting comes up quietly after a switch', async () => {
      const { runtime, warnings } = await start(384);
      expect(warnings).toEqual([]);
      expect(await allTexts(runtime)).toHaveLength(6);
      await runtime.close();
    });

    it('reembed: comes up with the warnings, and the re-embedding service brings the old memories back', async () => {
      const { runtime, warnings } = await start(768, 'reembed');
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toContain('switched from 384 to 768');
      expect(warnings[1]).toContain(
        'the re-embedding service re-embeds the 4 memories with 384-dimension vectors',
      );
      const service = (await runtime.getServiceLoadPromise(
        EmbeddingReembedService.serviceType as ServiceTypeName,
      )) as EmbeddingReembedService;
      expect((await service.whenIdle()).report).toMatchObject({ total: 4, reembedded: 4, failed: 0 });
      expect(await recall(runtime, 'cat Pixel', 768)).toContain('my cat is called Pixel');
      expect(await recall(runtime, 'dog', 768)).toEqual(
        expect.arrayContaining(['the dog barks at cats', 'the dog is called Rex']),
      );
      await runtime.close();
    });
  });
}
