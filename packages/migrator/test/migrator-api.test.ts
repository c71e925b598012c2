import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigrator, MigrationError } from '../src/index.js';
import { concerns } from './fixtures/ddl-concerns.js';
import { backends } from './support/backends.js';

const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    body: text('body').notNull().default(''),
    rank: integer('rank'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notes_rank_idx').on(t.rank).where(sql`${t.rank} IS NOT NULL`)],
);

for (const backend of backends) {
  describe(`migrator API [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    it('dryRun plans without applying; verbose logs the SQL at debug, never at info; status and getStatus report the journal', async () => {
      const db = await backend.open();
      try {
        const lines: string[] = [];
        const debugLines: string[] = [];
        const logger = {
          info: (m: string) => lines.push(m),
          warn() {},
          error() {},
          debug: (m: string) => debugLines.push(m),
        };
        const migrator = createMigrator(db.executor, { logger });
        expect(await migrator.status('api')).toEqual({
          hasRun: false,
          lastMigration: null,
          journal: null,
          snapshots: 0,
        });
        const dry = await migrator.migrate('api', { notes }, { dryRun: true });
        expect(dry).toMatchObject({ applied: false, dryRun: true });
        expect(lines.filter((l) => l.includes('CREATE'))).toHaveLength(2); // a dry run shows its plan
        expect(dry.statements[0]).toContain('CREATE TABLE "public"."notes"');
        expect(await db.executor.query(`SELECT to_regclass('public.notes') AS t`)).toEqual([{ t: null }]);
        const plan = await migrator.plan('api', { notes });
        expect(plan.statements.map((s) => [s.kind, s.destructive])).toEqual([
          ['create_table', false],
          ['create_index', false],
        ]);
        expect(await migrator.checkMigration('api', { notes })).toMatchObject({ hasDataLoss: false });
        lines.length = 0;
        const applied = await migrator.migrate('api', { notes }, { verbose: true });
        expect(debugLines.filter((l) => l.includes('CREATE'))).toHaveLength(2);
        expect(lines.filter((l) => l.includes('CREATE'))).toEqual([]);
        const status = await migrator.getStatus('api');
        expect(status.hasRun).toBe(true);
        expect(status.lastMigration?.hash).toBe(applied.hash);
        expect(status.snapshots).toBe(1);
        expect(status.journal?.entries[0]).toMatchObject({ idx: 0, version: '7', hash: applied.hash });
        expect(await migrator.checkMigration('api', { notes })).toBeNull();
      } finally {
        await db.close();
      }
    });

    it("resetJournal forgets one plugin's history (or every plugin's) and keeps the schema and rows", async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor);
        expect(await migrator.resetJournal()).toBe(0); // no journal yet: nothing to forget
        const other = pgTable('other_notes', { id: uuid('id').primaryKey() });
        await migrator.migrate('reset-a', { notes });
        await migrator.migrate('reset-b', { other });
        await db.executor.query(`INSERT INTO notes (body) VALUES ('kept')`);
        expect(await migrator.resetJournal('reset-a')).toBe(1);
        expect(await migrator.status('reset-a')).toEqual({
          hasRun: false,
          lastMigration: null,
          journal: null,
          snapshots: 0,
        });
        expect((await migrator.status('reset-b')).hasRun).toBe(true);
        // The next migrate adopts the live tables: nothing re-created, a fresh history recorded.
        const again = await migrator.migrate('reset-a', { notes });
        expect(again.statements).toEqual([]);
        expect((await migrator.status('reset-a')).journal?.entries.map((e) => e.idx)).toEqual([0]);
        expect(await migrator.resetJournal()).toBe(2);
        expect((await migrator.status('reset-b')).hasRun).toBe(false);
        expect(await db.executor.query('SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
      } finally {
        await db.close();
      }
    });

    it('adopts tables made by hand / drizzle-kit (no journal): nothing re-created, later changes apply', async () => {
      const db = await backend.open();
      try {
        await db.executor.query('CREATE SCHEMA drizzle');
        await db.executor.query(
          'CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text, created_at bigint)',
        );
        await db.executor.query(`CREATE TABLE notes (
          id uuid NOT NULL DEFAULT gen_random_uuid(), body text NOT NULL DEFAULT ''::text, rank int4,
          created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, legacy text, CONSTRAINT my_pk PRIMARY KEY (id))`);
        await db.executor.query('CREATE INDEX handmade_rank ON notes (rank) WHERE (rank IS NOT NULL)');
        await db.executor.query(`INSERT INTO notes (body, legacy) VALUES ('kept', 'old')`);
        const migrator = createMigrator(db.executor);
        const result = await migrator.migrate('adopt', { notes });
        expect(result.statements).toEqual([]);
        expect(result.warnings.join('\n')).toContain('public.notes.legacy');
        expect((await migrator.status('adopt')).hasRun).toBe(true);
        const [row] = await db.executor.query<{ legacy: string }>('SELECT legacy FROM notes');
        expect(row?.legacy).toBe('old');
        const withTitle = pgTable('notes', {
          id: uuid('id').primaryKey().defaultRandom(),
          body: text('body').notNull().default(''),
          rank: integer('rank'),
          createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
          title: text('title'),
        });
        // The handmade index is not in the schema and not ours: kept. Only the new column is added.
        const next = await migrator.migrate('adopt', { notes: withTitle });
        expect(next.statements).toEqual(['ALTER TABLE "public"."notes" ADD COLUMN "title" text']);
      } finally {
        await db.close();
      }
    });

    it('repairs drift: an index dropped by hand is recreated although the journal hash matches', async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor);
        await migrator.migrate('drift', { notes });
        await db.executor.query('DROP INDEX notes_rank_idx');
        const r = await migrator.migrate('drift', { notes });
        expect(r.statements).toEqual([
          'CREATE INDEX "notes_rank_idx" ON "public"."notes" USING btree ("rank") WHERE "rank" IS NOT NULL',
        ]);
      } finally {
        await db.close();
      }
    });

    it('creates identity and generated columns that work', async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor);
        await migrator.migrate('identity', concerns['identity and generated columns']!);
        const [row] = await db.executor.query<{ id: number; doubled: number }>(
          'INSERT INTO g_identity (price) VALUES (21) RETURNING id, doubled',
        );
        expect(row).toEqual({ id: 1, doubled: 42 });
        expect(
          (await migrator.migrate('identity', concerns['identity and generated columns']!)).statements,
        ).toEqual([]);
      } finally {
        await db.close();
      }
    });

    it('installs extensions requested by option under the lock', async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor, { extensions: ['fuzzystrmatch'] });
        await migrator.migrate('ext', { notes });
        const [row] = await db.executor.query<{ d: number }>(`SELECT levenshtein('kitten', 'sitting') AS d`);
        expect(Number(row?.d)).toBe(3);
      } finally {
        await db.close();
      }
    });

    it('wraps a failing statement in MigrationError with the statement and cause', async () => {
      const db = await backend.open();
      try {
        await db.executor.query(
          'CREATE TABLE notes (id uuid PRIMARY KEY, body text, rank int, created_at timestamptz)',
        );
        await db.executor.query(`INSERT INTO notes (id) VALUES (gen_random_uuid())`);
        // body becomes NOT NULL but holds a null: the statement fails, nothing is applied.
        const error = await createMigrator(db.executor)
          .migrate('fail', { notes })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationError);
        expect((error as MigrationError).statement).toContain('"body" SET NOT NULL');
        const idx = await db.executor.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'notes_rank_idx'`);
        expect(idx).toEqual([]);
      } finally {
        await db.close();
      }
    });
  });
}
