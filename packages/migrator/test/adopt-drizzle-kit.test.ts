import { schema as coreSchema } from '@eliza-sql/core-schema';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../src/index.js';
import * as features from './fixtures/feature-schema.js';
import { backends } from './support/backends.js';

for (const backend of backends) {
  describe(`adopts a database made by drizzle-kit [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    for (const [label, schema] of [
      ['core schema', coreSchema],
      ['feature schema', features],
    ] as const) {
      it(`${label}: drizzle-kit's SQL applied by hand, then the runtime migrator creates nothing`, async () => {
        const db = await backend.open();
        try {
          await db.executor.query('CREATE EXTENSION IF NOT EXISTS vector');
          await db.executor.query('CREATE SCHEMA IF NOT EXISTS drizzle');
          await db.executor.query(
            'CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint)',
          );
          const empty = generateDrizzleJson({});
          for (const statement of await generateMigration(empty, generateDrizzleJson(schema, empty.id))) {
            await db.executor.query(statement);
          }
          const migrator = createMigrator(db.executor);
          const result = await migrator.migrate('@eliza-sql/plugin-sql', schema);
          expect(result.statements).toEqual([]);
          expect((await migrator.status('@eliza-sql/plugin-sql')).hasRun).toBe(true);
          expect((await migrator.migrate('@eliza-sql/plugin-sql', schema)).statements).toEqual([]);
        } finally {
          await db.close();
        }
      });
    }
  });
}
