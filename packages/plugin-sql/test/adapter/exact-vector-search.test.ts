import { createPgliteDriver, createPgliteInstanceRegistry } from '@eliza-sql/adapter-pglite';
import { schema } from '@eliza-sql/core-schema';
import { createMigrator } from '@eliza-sql/migrator';
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { indexedVectorBackends, testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture, seededRandom } from '../support/fixtures.js';

const D = 384;

const hnswIndexes = (f: Pick<AdapterFixture, 'driver'>) =>
  f.driver.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef ILIKE '%USING hnsw%' ORDER BY 1`,
  );

function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

for (const backend of testBackends) {
  const indexed = indexedVectorBackends.includes(backend);
  describe(`vector indexes as the driver declares them [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    }, 120_000);
    afterAll(() => backend.cleanup());

    it(`declares approximate vector indexes: ${indexed}, and the migrated schema has HNSW indexes exactly then`, async () => {
      expect(f.driver.capabilities.approximateVectorIndexes).toBe(indexed);
      const names = (await hnswIndexes(f)).map((row) => row.name);
      if (indexed) expect(names).toContain('idx_embeddings_dim_384_hnsw');
      else expect(names).toEqual([]);
    });

    it('searchMemories returns the exact nearest memories of a room, in order', async () => {
      const random = seededRandom(17);
      const vectors = Array.from({ length: 60 }, () => Array.from({ length: D }, () => random() - 0.5));
      const memories: Memory[] = vectors.map((embedding, i) => ({
        id: uuid(),
        agentId: f.agentId,
        entityId: f.userId,
        roomId: f.roomId,
        content: { text: `m${i}` },
        embedding,
      }));
      await f.adapter.createMemories(
        memories.map((memory) => ({ ...memory, unique: true })),
        'exact',
      );
      const query = vectors[5]?.map((x, i) => x + (i % 3 === 0 ? 0.05 : 0)) ?? [];
      const expected = memories
        .map((m) => ({ text: m.content.text, distance: cosineDistance(query, m.embedding ?? []) }))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, 10)
        .map((m) => m.text);
      const found = await f.adapter.searchMemories({
        tableName: 'exact',
        embedding: query,
        roomId: f.roomId,
        count: 10,
      });
      expect(found.map((m) => m.content.text)).toEqual(expected);
    });
  });
}

describe('a PGlite database migrated with HNSW indexes (an earlier release) loses them, and no row', () => {
  it('drops the indexes at the next start and keeps every memory searchable', async () => {
    const registry = createPgliteInstanceRegistry();
    const dataDir = `memory://hnsw-upgrade-${uuid()}`;
    const driver = await createPgliteDriver({ dataDir, registry, bootstrap: 'initdb' });
    try {
      // What an earlier release did: the core schema with its HNSW indexes.
      await createMigrator(driver, { extensions: ['vector', 'fuzzystrmatch'] }).migrate(
        '@elizaos/plugin-sql',
        schema,
      );
      const before = await hnswIndexes({ driver });
      expect(before.length).toBeGreaterThan(0);
      const agentId = uuid() as UUID;
      const adapter = new SqlDatabaseAdapter(agentId, { driver, ownsDriver: false, logger: silentSqlLogger });
      await adapter.init();
      expect(await hnswIndexes({ driver })).toEqual([]);
      await adapter.createAgent({ id: agentId, name: 'upgraded' });
      await adapter.createEntities([{ id: agentId, names: ['upgraded'], agentId, metadata: {} }]);
      await adapter.createRooms([
        { id: agentId, name: 'room', agentId, source: 'test', type: ChannelType.GROUP },
      ]);
      const embedding = Array.from({ length: D }, (_, i) => (i === 3 ? 1 : 0));
      const id = await adapter.createMemory(
        { agentId, entityId: agentId, roomId: agentId, content: { text: 'kept' }, embedding },
        'facts',
      );
      const [found] = await adapter.searchMemories({ tableName: 'facts', embedding, count: 1 });
      expect(found?.id).toBe(id);
      await adapter.close();
    } finally {
      await driver.close();
    }
  });
});
