import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMBEDDING_HNSW_INDEX_NAMES,
  type EmbeddingDimension,
  embeddingCosineDistance,
  embeddingTable,
} from '../src/index.js';
import { backends, type TestDb } from './support/backends.js';
import { createCoreSchema } from './support/core-ddl.js';

const AGENT = '00000000-0000-4000-8000-000000000001';
const dialect = new PgDialect();

/** Inserts `count` memories, each with a random `dimension`-size embedding, in one statement. */
async function insertRandomEmbeddings(db: TestDb, dimension: EmbeddingDimension, count: number) {
  await db.query(
    `WITH m AS (
       INSERT INTO memories (id, type, content, agent_id)
       SELECT gen_random_uuid(), 'dim${dimension}', '{}', $1 FROM generate_series(1, ${count})
       RETURNING id)
     INSERT INTO embeddings (memory_id, dim_${dimension})
     SELECT m.id, (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${dimension}) WHERE m.id IS NOT NULL)::vector(${dimension})
     FROM m`,
    [AGENT],
  );
}

function randomVector(dimension: number): number[] {
  return Array.from({ length: dimension }, () => Math.random() - 0.5);
}

/** EXPLAIN of the nearest-10 query the facade runs, with vectors elided from the text. */
async function explainNearest(db: TestDb, dimension: EmbeddingDimension): Promise<string> {
  const query = dialect.sqlToQuery(
    sql`EXPLAIN SELECT ${embeddingTable.id}, ${embeddingTable.memoryId} FROM ${embeddingTable}
        ORDER BY ${embeddingCosineDistance(dimension, randomVector(dimension))} LIMIT 10`,
  );
  const rows = await db.query<{ 'QUERY PLAN': string }>(query.sql, query.params);
  return rows.map((row) => row['QUERY PLAN'].replace(/'\[[^\]]*\]'/g, "'[...]'")).join('\n');
}

for (const backend of backends.filter((b) => b.name === 'postgres'))
  describe(`HNSW indexes answer nearest-neighbour queries [${backend.name}]`, () => {
    let db: TestDb;

    beforeAll(async () => {
      db = await backend.open();
      await createCoreSchema(db);
      await db.query(`INSERT INTO agents (id, name) VALUES ($1, 'agent')`, [AGENT]);
      await insertRandomEmbeddings(db, 384, 2000);
      await insertRandomEmbeddings(db, 3072, 300);
      await db.query('ANALYZE');
    });
    afterAll(() => backend.cleanup());

    it('runs with the planner defaults (no enable_seqscan crutch)', async () => {
      const [row] = await db.query<{ enable_seqscan: string }>('SHOW enable_seqscan');
      expect(row?.enable_seqscan).toBe('on');
    });

    it('ORDER BY dim_384 <=> $1 LIMIT 10 uses idx_embeddings_dim_384_hnsw (2,000 rows)', async () => {
      const plan = await explainNearest(db, 384);
      expect(plan).toContain(`Index Scan using ${EMBEDDING_HNSW_INDEX_NAMES[384]} on embeddings`);
    });

    it('the 3072 expression (dim_3072::halfvec(3072)) uses the halfvec HNSW index (300 rows)', async () => {
      const plan = await explainNearest(db, 3072);
      expect(plan).toContain(`Index Scan using ${EMBEDDING_HNSW_INDEX_NAMES[3072]} on embeddings`);
      expect(plan).toContain('(dim_3072)::halfvec(3072) <=>');
    });

    it('a plain full-precision ORDER BY dim_3072 <=> $1 cannot use it (why the helper exists)', async () => {
      const vector = `[${randomVector(3072).join(',')}]`;
      const rows = await db.query<{ 'QUERY PLAN': string }>(
        'EXPLAIN SELECT id FROM embeddings ORDER BY dim_3072 <=> $1::vector(3072) LIMIT 10',
        [vector],
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).not.toContain(EMBEDDING_HNSW_INDEX_NAMES[3072]);
      expect(plan).toContain('Seq Scan on embeddings');
    });
  });
