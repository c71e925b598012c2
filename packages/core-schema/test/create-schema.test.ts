import { getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/index.js';
import { backends, type TestDb } from './support/backends.js';
import { createCoreSchema } from './support/core-ddl.js';

const AGENT = '00000000-0000-4000-8000-000000000001';
const expectedTables = Object.values(schema)
  .map((table) => getTableName(table))
  .sort();

describe('schema object', () => {
  it('holds the 18 core tables under the reference export names, and embedding_spaces', () => {
    expect(Object.keys(schema).sort()).toEqual([
      'agentTable',
      'cacheTable',
      'channelParticipantsTable',
      'channelTable',
      'componentTable',
      'embeddingSpaceTable',
      'embeddingTable',
      'entityTable',
      'logTable',
      'memoryTable',
      'messageServerAgentsTable',
      'messageServerTable',
      'messageTable',
      'participantTable',
      'relationshipTable',
      'roomTable',
      'serverTable',
      'taskTable',
      'worldTable',
    ]);
    expect(expectedTables).toEqual([
      'agents',
      'cache',
      'central_messages',
      'channel_participants',
      'channels',
      'components',
      'embedding_spaces',
      'embeddings',
      'entities',
      'logs',
      'memories',
      'message_server_agents',
      'message_servers',
      'participants',
      'relationships',
      'rooms',
      'servers',
      'tasks',
      'worlds',
    ]);
  });
});

for (const backend of backends) {
  describe(`create the core schema from drizzle-kit DDL [${backend.name}]`, () => {
    let db: TestDb;
    let statementCount = 0;

    beforeAll(async () => {
      db = await backend.open();
      statementCount = await createCoreSchema(db);
    });
    afterAll(() => backend.cleanup());

    it('creates every core table, and nothing else, in public', async () => {
      expect(statementCount).toBeGreaterThan(expectedTables.length);
      const rows = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(rows.map((row) => row.table_name)).toEqual(expectedTables);
    });

    it('types each embedding column with its dimension', async () => {
      const rows = await db.query<{ column_name: string; type: string }>(`
        SELECT attname AS column_name, format_type(atttypid, atttypmod) AS type
        FROM pg_attribute WHERE attrelid = 'public.embeddings'::regclass AND attname LIKE 'dim\\_%'
        ORDER BY attnum`);
      expect(rows).toEqual(
        [384, 512, 768, 1024, 1536, 3072].map((dim) => ({
          column_name: `dim_${dim}`,
          type: `vector(${dim})`,
        })),
      );
    });

    it('enforces the reference CHECKs and cascades (the schema is live, not just present)', async () => {
      await db.query(`INSERT INTO agents (id, name) VALUES ($1, 'agent')`, [AGENT]);
      await expect(
        db.query(
          `INSERT INTO memories (id, type, content, agent_id, metadata)
           VALUES (gen_random_uuid(), 'fragments', '{}', $1, '{"type":"fragment"}')`,
          [AGENT],
        ),
      ).rejects.toThrow(/fragment_metadata_check/);
      await expect(db.query(`INSERT INTO embeddings (memory_id) VALUES (NULL)`)).rejects.toThrow(
        /embedding_source_check/,
      );
      const [memory] = await db.query<{ id: string }>(
        `INSERT INTO memories (id, type, content, agent_id) VALUES (gen_random_uuid(), 'messages', '{}', $1) RETURNING id`,
        [AGENT],
      );
      await db.query(
        `INSERT INTO embeddings (memory_id, dim_384) VALUES ($1, array_fill(0.5, ARRAY[384])::vector)`,
        [memory?.id],
      );
      await db.query(`DELETE FROM agents WHERE id = $1`, [AGENT]);
      const left = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM memories)::int + (SELECT count(*) FROM embeddings)::int AS n`,
      );
      expect(left).toEqual([{ n: 0 }]);
    });
  });
}
