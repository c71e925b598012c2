import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, DestructiveMigrationError, type Migrator } from '../src/index.js';
import { backends, type TestBackendHandle } from './support/backends.js';

const USER = '00000000-0000-4000-8000-000000000001';

const users = pgTable('users', { id: uuid('id').primaryKey(), name: text('name').notNull() });
const usersWithEmail = pgTable('users', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
});
const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  views: integer('views').notNull().default(0),
});
const postsIndexed = pgTable(
  'posts',
  {
    id: serial('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [index('posts_title_idx').on(t.title)],
);
const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  postId: integer('post_id'),
  body: text('body'),
});
const commentsFk = pgTable(
  'comments',
  { id: serial('id').primaryKey(), postId: integer('post_id'), body: text('body') },
  (t) => [foreignKey({ name: 'comments_post_fk', columns: [t.postId], foreignColumns: [postsIndexed.id] })],
);

async function count(db: TestBackendHandle, table: string): Promise<number> {
  const [row] = await db.executor.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return Number(row?.n);
}

async function constraintExists(db: TestBackendHandle, name: string): Promise<boolean> {
  const rows = await db.executor.query(sql`SELECT 1 FROM pg_constraint WHERE conname = ${name}`);
  return rows.length > 0;
}

for (const backend of backends) {
  describe(`schema evolution keeps data [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    let db: TestBackendHandle;
    let migrator: Migrator;
    const P = 'evolution-plugin';
    beforeAll(async () => {
      db = await backend.open();
      migrator = createMigrator(db.executor);
      await migrator.migrate(P, { users, posts });
      await db.executor.query(`INSERT INTO users (id, name) VALUES ('${USER}', 'Ada')`);
      await db.executor.query(
        `INSERT INTO posts (user_id, title, views) VALUES ('${USER}', 'first', 3), ('${USER}', 'second', 4)`,
      );
    });
    afterAll(async () => db?.close());

    it('adds a column and an index', async () => {
      const r = await migrator.migrate(P, { users: usersWithEmail, posts: postsIndexed });
      expect(r.statements).toEqual([
        'ALTER TABLE "public"."users" ADD COLUMN "email" text',
        'CREATE INDEX "posts_title_idx" ON "public"."posts" USING btree ("title")',
      ]);
      expect(await count(db, 'posts')).toBe(2);
      await db.executor.query(`UPDATE users SET email = 'ada@example.com'`);
    });

    it('blocks dropping a column, then drops it when forced', async () => {
      const schema = { users, posts: postsIndexed };
      const error = await migrator.migrate(P, schema).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DestructiveMigrationError);
      expect((error as DestructiveMigrationError).code).toBe('DESTRUCTIVE_MIGRATION_BLOCKED');
      expect((error as DestructiveMigrationError).changes.map((c) => c.kind)).toEqual(['drop_column']);
      expect((error as Error).message).toContain('force: true');
      const [still] = await db.executor.query<{ email: string }>('SELECT email FROM users');
      expect(still?.email).toBe('ada@example.com');
      const check = await migrator.checkMigration(P, schema);
      expect(check?.hasDataLoss).toBe(true);
      const r = await migrator.migrate(P, schema, { force: true });
      expect(r.statements).toEqual(['ALTER TABLE "public"."users" DROP COLUMN "email"']);
      expect(await count(db, 'users')).toBe(1);
    });

    it('changes a column type safely (integer → bigint) keeping values', async () => {
      const big = pgTable(
        'posts',
        {
          id: serial('id').primaryKey(),
          userId: uuid('user_id')
            .notNull()
            .references(() => users.id, { onDelete: 'cascade' }),
          title: text('title').notNull(),
          views: bigint('views', { mode: 'number' }).notNull().default(0),
        },
        (t) => [index('posts_title_idx').on(t.title)],
      );
      const r = await migrator.migrate(P, { users, posts: big });
      expect(r.statements).toEqual([
        'ALTER TABLE "public"."posts" ALTER COLUMN "views" SET DATA TYPE bigint USING "views"::bigint',
      ]);
      const rows = await db.executor.query<{ views: string }>(
        'SELECT views::text AS views FROM posts ORDER BY id',
      );
      expect(rows.map((x) => x.views)).toEqual(['3', '4']);
      // A lossy change (text → integer) is blocked:
      const lossy = pgTable('users', { id: uuid('id').primaryKey(), name: integer('name').notNull() });
      await expect(migrator.migrate(P, { users: lossy, posts: big })).rejects.toMatchObject({
        code: 'DESTRUCTIVE_MIGRATION_BLOCKED',
      });
      // Narrowing back (bigint → integer) may lose values: needs force.
      await migrator.migrate(P, { users, posts: postsIndexed }, { force: true });
    }, 60_000);

    it('adds and drops a foreign key', async () => {
      await migrator.migrate(P, { users, posts: postsIndexed, comments }, { force: true });
      await db.executor.query(`INSERT INTO comments (post_id, body) SELECT id, 'hi' FROM posts`);
      const added = await migrator.migrate(P, { users, posts: postsIndexed, comments: commentsFk });
      expect(added.statements).toEqual([
        'ALTER TABLE "public"."comments" ADD CONSTRAINT "comments_post_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
      ]);
      expect(await constraintExists(db, 'comments_post_fk')).toBe(true);
      const dropped = await migrator.migrate(P, { users, posts: postsIndexed, comments });
      expect(dropped.statements).toEqual([
        'ALTER TABLE "public"."comments" DROP CONSTRAINT "comments_post_fk"',
      ]);
      expect(await constraintExists(db, 'comments_post_fk')).toBe(false);
      expect(await count(db, 'comments')).toBe(2);
    });

    it('renames a column and a table only when declared, keeping data', async () => {
      const renamed = pgTable('notes', {
        id: serial('id').primaryKey(),
        postId: integer('post_id'),
        text: text('text'),
      });
      const r = await migrator.migrate(
        P,
        { users, posts: postsIndexed, notes: renamed },
        {
          renames: [
            { table: 'comments', from: 'comments', to: 'notes' },
            { kind: 'column', table: 'notes', from: 'body', to: 'text' },
          ],
        },
      );
      expect(r.statements).toEqual([
        'ALTER TABLE "public"."comments" RENAME TO "notes"',
        'ALTER TABLE "public"."notes" RENAME COLUMN "body" TO "text"',
      ]);
      const rows = await db.executor.query<{ text: string }>('SELECT text FROM notes');
      expect(rows.map((x) => x.text)).toEqual(['hi', 'hi']);
    });

    it('blocks dropping tables with relationships, then drops them when forced', async () => {
      await migrator.migrate(P, { users, posts: postsIndexed, notes: commentsFkOn('notes') });
      const error = await migrator.migrate(P, { users }).catch((e: unknown) => e);
      expect((error as DestructiveMigrationError).code).toBe('DESTRUCTIVE_MIGRATION_BLOCKED');
      expect(await count(db, 'posts')).toBe(2);
      const r = await migrator.migrate(P, { users }, { force: true });
      expect([...r.statements].sort()).toEqual([
        'DROP TABLE "public"."notes" CASCADE',
        'DROP TABLE "public"."posts" CASCADE',
      ]);
      const left = await db.executor.query<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      );
      expect(left.map((x) => x.t)).toEqual(['users']);
      expect(await count(db, 'users')).toBe(1);
      expect((await migrator.migrate(P, { users })).applied).toBe(false);
    });
  });
}

function commentsFkOn(name: string) {
  return pgTable(
    name,
    { id: serial('id').primaryKey(), postId: integer('post_id'), text: text('text') },
    (t) => [foreignKey({ name: `${name}_post_fk`, columns: [t.postId], foreignColumns: [postsIndexed.id] })],
  );
}

for (const backend of backends) {
  describe(`type change of a column with a default [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    it('drops the old default, changes the type, sets the new default; values kept', async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db.executor);
        const v1 = pgTable('typed', { id: integer('id').primaryKey(), n: text('n').notNull().default('7') });
        const v2 = pgTable('typed', { id: integer('id').primaryKey(), n: integer('n').notNull().default(8) });
        await migrator.migrate('typed', { v1 });
        await db.executor.query('INSERT INTO typed (id) VALUES (1)');
        // text → integer can reject values: blocked unless forced.
        await expect(migrator.migrate('typed', { v2 })).rejects.toMatchObject({
          code: 'DESTRUCTIVE_MIGRATION_BLOCKED',
        });
        const r = await migrator.migrate('typed', { v2 }, { force: true });
        expect(r.statements).toEqual([
          'ALTER TABLE "public"."typed" ALTER COLUMN "n" DROP DEFAULT',
          'ALTER TABLE "public"."typed" ALTER COLUMN "n" SET DATA TYPE integer USING "n"::integer',
          'ALTER TABLE "public"."typed" ALTER COLUMN "n" SET DEFAULT 8',
        ]);
        const rows = await db.executor.query<{ n: number }>('SELECT n FROM typed');
        expect(rows).toEqual([{ n: 7 }]);
        expect((await migrator.migrate('typed', { v2 })).statements).toEqual([]);
      } finally {
        await db.close();
      }
    });
  });
}
