import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigrator, MigrationError } from '../src/index.js';
import { backends } from './support/backends.js';

const first = pgTable('atom_first', { id: integer('id').primaryKey(), name: text('name') });
const second = pgTable('atom_second', { id: integer('id').primaryKey() });
// Created after the two tables above; its check references a column that does not exist.
const broken = pgTable('atom_broken', { id: integer('id').primaryKey() }, () => [
  check('atom_broken_check', sql`no_such_column > 0`),
]);

for (const backend of backends) {
  describe(`atomicity [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    it('a statement failing mid-migration leaves no table and no journal row', async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor);
        const error = await migrator.migrate('atomic', { first, second, broken }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationError);
        const e = error as MigrationError;
        expect(e.code).toBe('MIGRATION_FAILED');
        expect(e.statement).toContain('atom_broken_check');
        expect(e.cause).toBeInstanceOf(Error);
        const tables = await db.executor.query(
          `SELECT tablename FROM pg_tables WHERE tablename LIKE 'atom_%' OR schemaname = 'migrations'`,
        );
        expect(tables).toEqual([]);
        expect((await migrator.status('atomic')).hasRun).toBe(false);
        // The database is usable and the fixed schema applies.
        const ok = await migrator.migrate('atomic', { first, second });
        expect(ok.applied).toBe(true);
      } finally {
        await db.close();
      }
    });
  });
}
