import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  EMBEDDING_DIMENSIONS,
  type EmbeddingRow,
  embeddingTable,
  type NewEmbeddingRow,
} from '../src/index.js';
import { DIMENSION_MAP } from '../src/embedding-dimensions.js';
import { backends, type TestDb } from './support/backends.js';
import { openWithAgent, TEST_AGENT_ID as AGENT } from './support/core-ddl.js';

/** Values whose text form exercises pgvector's output: exponents, negatives, zero, float32 rounding. */
const SAMPLE = [1e-7, -0.5, 0, 123456.78, 0.1, -3.4e38, 1.5e-45, 2 / 3];

describe('vectorColumn', () => {
  it.each(EMBEDDING_DIMENSIONS.map((dimension) => [dimension]))(
    'declares dim_%i as vector(N), the type Drizzle vector() declared',
    (dimension) => {
      const column = embeddingTable[DIMENSION_MAP[dimension]];
      expect(column.getSQLType()).toBe(`vector(${dimension})`);
    },
  );
});

for (const backend of backends) {
  describe(`vectorColumn round trip [${backend.name}]`, () => {
    let db: TestDb;

    beforeAll(async () => {
      db = await openWithAgent(backend);
    });
    afterAll(() => backend.cleanup());

    it('stores what toDriver sends and parses the driver text back to the stored float32 values', async () => {
      const column = embeddingTable.dim384;
      const values = Array.from({ length: 384 }, (_, i) => SAMPLE[i % SAMPLE.length] ?? 0);
      const [memory] = await db.query<{ id: string }>(
        `INSERT INTO memories (id, type, content, agent_id) VALUES (gen_random_uuid(), 'm', '{}', $1) RETURNING id`,
        [AGENT],
      );
      await db.query(`INSERT INTO embeddings (memory_id, dim_384) VALUES ($1, $2)`, [
        memory?.id,
        column.mapToDriverValue(values),
      ]);
      const [row] = await db.query<{ dim_384: unknown }>(
        `SELECT dim_384 FROM embeddings WHERE memory_id = $1`,
        [memory?.id],
      );
      // Both drivers hand `vector` over as pgvector's text form.
      const text = row?.dim_384;
      expect(typeof text).toBe('string');
      const parsed = column.mapFromDriverValue(text as string) as number[];
      // The same numbers Drizzle's vector() parser (split + parseFloat) produced from that text...
      expect(parsed).toEqual(
        (text as string)
          .slice(1, -1)
          .split(',')
          .map((v) => Number.parseFloat(v)),
      );
      // ...which are the float32 values sent (pgvector prints the shortest float32 decimal).
      expect(parsed.map((v) => Math.fround(v))).toEqual(values.map((v) => Math.fround(v)));
    });
  });
}

describe('vectorColumn row types', () => {
  it('keeps number[] | null on select and insert rows', () => {
    expectTypeOf<EmbeddingRow['dim384']>().toEqualTypeOf<number[] | null>();
    expectTypeOf<NewEmbeddingRow['dim3072']>().toEqualTypeOf<number[] | null | undefined>();
  });
});
