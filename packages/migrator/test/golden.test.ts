import { schema as coreSchema } from '@eliza-sql/core-schema';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createMigrator, createSnapshot, diffSnapshots, introspect } from '../src/index.js';
import { concerns } from './fixtures/ddl-concerns.js';
import * as features from './fixtures/feature-schema.js';
import { backends, type TestBackendHandle } from './support/backends.js';

for (const backend of backends) {
  describe(`golden: generated SQL yields the schema [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    let db: TestBackendHandle | undefined;
    afterEach(async () => {
      await db?.close();
      db = undefined;
    });

    for (const [label, schema] of [
      ...Object.entries(concerns),
      ['every feature at once', features],
      ['core schema (@eliza-sql/core-schema)', coreSchema],
    ] as const) {
      it(`${label}: introspect(apply(sql(diff(empty, S)))) matches S, and a second run is a no-op`, async () => {
        db = await backend.open();
        const migrator = createMigrator(db.executor);
        const first = await migrator.migrate('golden', schema);
        expect(first.applied).toBe(true);
        const desired = createSnapshot(schema);
        const live = await introspect(db.executor, ['public', ...desired.schemas]);
        for (const [key, table] of Object.entries(desired.tables)) {
          const got = live.tables[key];
          expect(got, key).toBeDefined();
          expect(Object.keys(got!.columns).sort()).toEqual(Object.keys(table.columns).sort());
          for (const c of Object.values(table.columns)) {
            const shape = (x: typeof c) => ({
              key,
              ...x,
              default: null,
              generated: x.generated !== undefined,
            });
            expect(shape(got!.columns[c.name]!)).toEqual(shape(c));
          }
          expect(Object.keys(got!.indexes).sort()).toEqual(Object.keys(table.indexes).sort());
          expect(Object.keys(got!.foreignKeys).sort()).toEqual(Object.keys(table.foreignKeys).sort());
          expect(Object.keys(got!.checks).sort()).toEqual(Object.keys(table.checks).sort());
          expect(got!.primaryKey?.columns ?? []).toEqual(table.primaryKey?.columns ?? []);
        }
        expect(diffSnapshots(live, desired).statements).toEqual([]);
        const second = await migrator.migrate('golden', schema);
        expect(second).toMatchObject({ applied: false, statements: [] });
      });
    }
  });
}
