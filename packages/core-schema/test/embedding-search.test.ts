import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddingDimension,
  EMBEDDING_DIMENSIONS,
  embeddingCosineDistance,
  embeddingTable,
} from '../src/index.js';
import { backends, type TestDb } from './support/backends.js';
import { openWithAgent, TEST_AGENT_ID as AGENT } from './support/core-ddl.js';

const dialect = new PgDialect();

/** A unit vector along axis `axis`, tilted slightly towards axis `axis + 1` by `tilt`. */
function axisVector(dimension: number, axis: number, tilt = 0): number[] {
  const vector = new Array<number>(dimension).fill(0);
  vector[axis] = 1;
  vector[axis + 1] = tilt;
  return vector;
}

for (const backend of backends) {
  describe(`embeddingCosineDistance orders by cosine distance [${backend.name}]`, () => {
    let db: TestDb;

    beforeAll(async () => {
      db = await openWithAgent(backend);
    });
    afterAll(() => backend.cleanup());

    it.each(EMBEDDING_DIMENSIONS.map((dimension) => [dimension]))(
      'returns the nearest %i-dimension embeddings first, with distance 0 for the same direction',
      async (dimension: EmbeddingDimension) => {
        const column = `dim_${dimension}`;
        // Three stored vectors at increasing angle from the query (axis 0).
        for (const [name, tilt] of [
          ['far', 3],
          ['near', 0.1],
          ['same', 0],
        ] as const) {
          const [memory] = await db.query<{ id: string }>(
            `INSERT INTO memories (id, type, content, agent_id) VALUES (gen_random_uuid(), $1, jsonb_build_object('name', $2::text), $3) RETURNING id`,
            [`d${dimension}`, name, AGENT],
          );
          await db.query(`INSERT INTO embeddings (memory_id, ${column}) VALUES ($1, $2::vector)`, [
            memory?.id,
            `[${axisVector(dimension, 0, tilt).join(',')}]`,
          ]);
        }
        const distance = embeddingCosineDistance(dimension, axisVector(dimension, 0));
        const query = dialect.sqlToQuery(sql`
          SELECT m.content->>'name' AS name, ${distance} AS distance
          FROM ${embeddingTable} JOIN memories m ON m.id = ${embeddingTable.memoryId}
          WHERE m.type = ${`d${dimension}`}
          ORDER BY ${distance} LIMIT 3`);
        const rows = await db.query<{ name: string; distance: number }>(query.sql, query.params);
        expect(rows.map((row) => row.name)).toEqual(['same', 'near', 'far']);
        expect(rows[0]?.distance).toBeCloseTo(0, 3);
        expect(rows[2]?.distance).toBeCloseTo(1 - 1 / Math.sqrt(10), 2);
      },
    );
  });
}
