/**
 * `eliza-sql reembed` and `eliza-sql reclaim-embeddings` on a database an agent left after switching
 * from a 384-d to a 768-d model: reclaim refuses until every memory is re-embedded, reembed does it
 * with the module's embed(), reclaim then frees the 384-d vectors. Both backends.
 */
import { embedText, uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';
import { runCli } from '../../src/cli/run-cli.js';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';
import { captureIo } from '../support/capture-io.js';

const EMBED = new URL('./fixtures/embed-768.ts', import.meta.url).pathname;

for (const backend of testConfigBackends) {
  describe(`eliza-sql reembed / reclaim-embeddings [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('refuses to reclaim an incomplete space (exit 2), re-embeds (exit 0), then reclaims what it reports', async () => {
      const config = await backend.open();
      const location = 'dataDir' in config ? config.dataDir : config.postgresUrl;
      const agentId = uuid();
      const seed = new SqlDatabaseAdapter(agentId, {
        driver: await openDatabaseLocation(location),
        logger: silentSqlLogger,
      });
      await seed.init();
      await seed.createAgent({ id: agentId, name: 'CLI agent', bio: ['x'] });
      await seed.createEntities([{ id: agentId, names: ['CLI agent'], agentId, metadata: {} }]);
      await seed.ensureEmbeddingDimension(384);
      const worldId = await seed.createWorld({ id: uuid(), name: 'W', agentId, messageServerId: uuid() });
      const [roomId] = await seed.createRooms([
        { id: uuid(), name: 'R', agentId, source: 'test', type: ChannelType.GROUP, worldId },
      ]);
      const texts = Array.from({ length: 30 }, (_, i) => `note ${i} about ${i % 4}`);
      const memories: Memory[] = texts.map((text) => ({
        entityId: agentId,
        agentId,
        roomId: roomId as UUID,
        content: { text },
        embedding: embedText(text, 384),
      }));
      await seed.createMemories(memories, 'facts');
      await seed.close();

      const usage = captureIo();
      expect(await runCli(['reembed', '--db', location, '--agent', agentId], usage)).toBe(64);
      expect(usage.errLines.join('\n')).toContain('--embed <module path> is required');

      // The agent's new model is 768-d: --dimension selects (records) its space, as a start would.
      const refused = captureIo();
      expect(
        await runCli(
          ['reclaim-embeddings', '--db', location, '--agent', agentId, '--dimension', '768'],
          refused,
        ),
      ).toBe(2);
      expect(refused.errLines.join('\n')).toContain('EMBEDDING_SPACE_INCOMPLETE');
      expect(refused.errLines.join('\n')).toContain('30 memories');

      const run = captureIo();
      expect(
        await runCli(
          ['reembed', '--db', location, '--agent', agentId, '--embed', EMBED, '--batch-size', '7'],
          run,
        ),
      ).toBe(0);
      expect(JSON.parse(run.outLines.at(-1) ?? '{}')).toMatchObject({
        dimension: 768,
        total: 30,
        reembedded: 30,
        failed: 0,
      });
      expect(run.errLines.at(-1)).toContain('reembed: 30 re-embedded, 0 without text, 0 failed of 30');

      const reclaim = captureIo();
      expect(await runCli(['reclaim-embeddings', '--db', location, '--agent', agentId], reclaim)).toBe(0);
      const freed = JSON.parse(reclaim.outLines.at(-1) ?? '{}') as Record<string, number>;
      expect(freed).toMatchObject({ rowsDeleted: 0, vectorsCleared: 30 });
      expect(freed.bytes).toBeGreaterThanOrEqual(30 * 384 * 4);

      const check = new SqlDatabaseAdapter(agentId, {
        driver: await openDatabaseLocation(location),
        logger: silentSqlLogger,
      });
      await check.init();
      await check.ensureEmbeddingDimension(768);
      const hits = await check.searchMemories({
        tableName: 'facts',
        embedding: embedText('note 17 about 1', 768),
        count: 1,
      });
      expect(hits[0]?.content.text).toBe('note 17 about 1');
      await check.close();
    }, 120_000);
  });
}
