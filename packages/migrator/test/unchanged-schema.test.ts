import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, type Migrator } from '../src/index.js';
import { backends, type TestBackendHandle } from './support/backends.js';

// A run whose schema is recorded and whose catalog is unchanged decides "nothing to do" without
// introspecting. These tests hold it to what the full comparison promises: every change made by hand
// is still found and repaired, a changed schema still migrates, and harmless catalog changes plan nothing.

const taskStatus = pgEnum('drift_status', ['open', 'done']);
const owners = pgTable('drift_owners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().default(''),
});
const tasks = pgTable(
  'drift_tasks',
  {
    id: integer('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => owners.id),
    title: text('title').notNull().default('untitled'),
    rank: integer('rank'),
    status: taskStatus('status').default('open'),
  },
  (t) => [index('drift_tasks_rank_idx').on(t.rank), check('drift_tasks_rank_check', sql`${t.rank} >= 0`)],
);
const schema = { taskStatus, owners, tasks };

/** Changes made by hand to a migrated database, and the statement the next run must plan for each. */
const tampering: ReadonlyArray<{ change: string; by: string; repair: RegExp }> = [
  {
    change: 'an index dropped',
    by: 'DROP INDEX drift_tasks_rank_idx',
    repair: /CREATE INDEX "drift_tasks_rank_idx"/,
  },
  {
    change: 'a default dropped',
    by: 'ALTER TABLE drift_tasks ALTER COLUMN title DROP DEFAULT',
    repair: /ALTER COLUMN "title" SET DEFAULT 'untitled'/,
  },
  {
    change: 'NOT NULL dropped',
    by: 'ALTER TABLE drift_tasks ALTER COLUMN title DROP NOT NULL',
    repair: /ALTER COLUMN "title" SET NOT NULL/,
  },
  {
    change: 'a column type changed',
    by: 'ALTER TABLE drift_tasks ALTER COLUMN title TYPE varchar(200)',
    repair: /ALTER COLUMN "title" SET DATA TYPE text/,
  },
  { change: 'a column dropped', by: 'ALTER TABLE drift_tasks DROP COLUMN rank', repair: /ADD COLUMN "rank"/ },
  {
    change: 'a column renamed',
    by: 'ALTER TABLE drift_tasks RENAME COLUMN title TO heading',
    repair: /ADD COLUMN "title"/,
  },
  {
    change: 'a foreign key dropped',
    by: 'ALTER TABLE drift_tasks DROP CONSTRAINT drift_tasks_owner_id_drift_owners_id_fk',
    repair: /FOREIGN KEY \("owner_id"\)/,
  },
  {
    change: 'a check dropped',
    by: 'ALTER TABLE drift_tasks DROP CONSTRAINT drift_tasks_rank_check',
    repair: /CHECK/,
  },
  {
    change: 'the referenced table renamed',
    by: 'ALTER TABLE drift_owners RENAME TO drift_people',
    repair: /CREATE TABLE "public"."drift_owners"/,
  },
  { change: 'a table dropped', by: 'DROP TABLE drift_tasks', repair: /CREATE TABLE "public"."drift_tasks"/ },
];

const historyRows = async (db: TestBackendHandle) => {
  const [row] = await db.executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM migrations._migrations WHERE plugin_name = 'drift'`,
  );
  return Number(row?.n);
};

for (const backend of backends) {
  describe(`a recorded schema run again [${backend.name}]`, () => {
    let db: TestBackendHandle;
    let migrator: Migrator;
    beforeAll(async () => {
      db = await backend.open();
      migrator = createMigrator(db.executor);
      expect((await migrator.migrate('drift', schema)).applied).toBe(true);
    });
    afterAll(() => backend.cleanup());

    it('plans nothing and records nothing when nothing changed', async () => {
      const before = await historyRows(db);
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await historyRows(db)).toBe(before);
    });

    for (const { change, by, repair } of tampering) {
      it(`finds ${change} by hand and repairs it, although the journal hash matches`, async () => {
        await db.executor.query(by);
        const repaired = await migrator.migrate('drift', schema);
        expect(repaired.applied).toBe(true);
        expect(repaired.statements.some((s) => repair.test(s))).toBe(true);
        expect(await migrator.checkMigration('drift', schema)).toBeNull();
        expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      });
    }

    it('plans nothing after changes that leave the shape alone: rows, ANALYZE, VACUUM, TRUNCATE, GRANT', async () => {
      await db.executor.query(`INSERT INTO drift_owners (name) VALUES ('a'), ('b')`);
      await db.executor.query(
        `INSERT INTO drift_tasks (id, owner_id) SELECT 1, id FROM drift_owners LIMIT 1`,
      );
      await db.executor.query('ANALYZE drift_tasks');
      await db.executor.query('VACUUM drift_owners');
      await db.executor.query('TRUNCATE drift_tasks');
      await db.executor.query('GRANT SELECT ON drift_tasks TO PUBLIC');
      const before = await historyRows(db);
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await historyRows(db)).toBe(before);
    });

    it('continues a journal recorded without catalog fingerprints: nothing planned, no history added', async () => {
      await db.executor.query(
        `UPDATE migrations._journal SET entries = (SELECT jsonb_agg(e - 'catalog' ORDER BY i)
           FROM jsonb_array_elements(entries) WITH ORDINALITY AS x(e, i)) WHERE plugin_name = 'drift'`,
      );
      const before = await historyRows(db);
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await migrator.migrate('drift', schema)).toMatchObject({ applied: false, statements: [] });
      expect(await historyRows(db)).toBe(before);
    });

    it('still migrates a changed schema after unchanged runs', async () => {
      const notes = pgTable('drift_notes', { id: integer('id').primaryKey(), body: text('body') });
      const next = await migrator.migrate('drift', { ...schema, notes });
      expect(next.statements).toHaveLength(1);
      expect(next.statements[0]).toMatch(/^CREATE TABLE "public"."drift_notes"/);
      expect(await migrator.migrate('drift', { ...schema, notes })).toMatchObject({ statements: [] });
      // the same schema object given again after a member was added: the addition is migrated
      const growing: Record<string, unknown> = { ...schema, notes };
      expect(await migrator.migrate('drift', growing)).toMatchObject({ statements: [] });
      growing.more = pgTable('drift_more', { id: integer('id').primaryKey() });
      const grown = await migrator.migrate('drift', growing);
      expect(grown.statements).toHaveLength(1);
      expect(grown.statements[0]).toMatch(/^CREATE TABLE "public"."drift_more"/);
      // and back: the tables are ours now, so dropping them is planned (and blocked as destructive)
      await expect(migrator.migrate('drift', schema)).rejects.toMatchObject({
        code: 'DESTRUCTIVE_MIGRATION_BLOCKED',
      });
    });
  });
}
