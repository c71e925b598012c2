import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  foreignKey,
  index,
  integer,
  pgSchema,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  createSnapshot,
  diffSnapshots,
  NOTHING_OWNED_FOR_TESTS,
  type SchemaSnapshot,
} from './support/snapshots.js';

const empty: SchemaSnapshot = createSnapshot({});
const kinds = (from: SchemaSnapshot, to: SchemaSnapshot) =>
  diffSnapshots(from, to).statements.map((s) => s.kind);

const parent = pgTable('parent', { id: integer('id').primaryKey(), name: text('name') });
const child = pgTable('child', { id: integer('id').primaryKey(), parentId: integer('parent_id') }, (t) => [
  foreignKey({ name: 'child_parent_fk', columns: [t.parentId], foreignColumns: [parent.id] }),
]);

describe('diffSnapshots', () => {
  it('creates schemas, extensions, enums and tables; tables in FK order, FKs and indexes after', () => {
    const ns = pgSchema('ns');
    const t = ns.table('t', { id: integer('id') }, (x) => [index('t_id_idx').on(x.id)]);
    const to = createSnapshot({ child, parent, ns, t }, { extensions: ['vector'] });
    const statements = diffSnapshots(empty, to).statements;
    expect(statements.map((s) => s.kind)).toEqual([
      'create_schema',
      'create_extension',
      'create_table',
      'create_table',
      'create_table',
      'add_foreign_key',
      'create_index',
    ]);
    const created = statements.filter((s) => s.kind === 'create_table').map((s) => s.table.name);
    expect(created.indexOf('parent')).toBeLessThan(created.indexOf('child'));
  });

  it('handles FK cycles by adding the FKs after both tables', () => {
    const a = pgTable('a', {
      id: integer('id').primaryKey(),
      bId: integer('b_id').references((): AnyPgColumn => b.id),
    });
    const b = pgTable('b', {
      id: integer('id').primaryKey(),
      aId: integer('a_id').references((): AnyPgColumn => a.id),
    });
    expect(kinds(empty, createSnapshot({ a, b }))).toEqual([
      'create_table',
      'create_table',
      'add_foreign_key',
      'add_foreign_key',
    ]);
  });

  it('is empty for identical snapshots', () => {
    const s = createSnapshot({ parent, child });
    expect(diffSnapshots(s, s).statements).toEqual([]);
  });

  it('adds, alters and drops columns (defaults, nullability, type)', () => {
    const v1 = pgTable('t', {
      a: integer('a'),
      b: text('b').default('x'),
      c: text('c').notNull(),
      gone: text('gone'),
    });
    const v2 = pgTable('t', { a: text('a'), b: text('b'), c: text('c'), d: text('d').notNull().default('') });
    expect(kinds(createSnapshot({ v1 }), createSnapshot({ v2 }))).toEqual([
      'alter_column_type',
      'drop_default',
      'drop_not_null',
      'add_column',
      'drop_column',
    ]);
  });

  it('never drops what it does not own; lists it in warnings', () => {
    const from = createSnapshot({ parent, child });
    const d = diffSnapshots(from, createSnapshot({ parent }), { owned: NOTHING_OWNED_FOR_TESTS });
    expect(d.statements).toEqual([]);
    const withCol = pgTable('parent', { id: integer('id').primaryKey() });
    const d2 = diffSnapshots(from, createSnapshot({ parent: withCol, child }), {
      owned: NOTHING_OWNED_FOR_TESTS,
    });
    expect(d2.statements).toEqual([]);
    expect(d2.warnings[0]).toContain('public.parent.name');
  });

  it('matches constraints and indexes by definition when names differ (adoption)', () => {
    const liveT = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      unique('old_unique').on(t.a),
      check('old_check', sql`${t.a} > 0`),
      index('old_idx').on(t.b),
    ]);
    const wantT = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      unique('new_unique').on(t.a),
      check('new_check', sql`(a > 0)`),
      index('new_idx').on(t.b),
    ]);
    expect(diffSnapshots(createSnapshot({ liveT }), createSnapshot({ wantT })).statements).toEqual([]);
  });

  it('replaces an index or check whose definition changed under the same name', () => {
    const v1 = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      index('i').on(t.a),
      check('c', sql`a > 0`),
    ]);
    const v2 = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      index('i').on(t.b),
      check('c', sql`a > 1`),
    ]);
    expect(kinds(createSnapshot({ v1 }), createSnapshot({ v2 }))).toEqual([
      'drop_constraint',
      'drop_index',
      'add_check',
      'create_index',
    ]);
  });

  it('changes a primary key and adds enum values', () => {
    const v1 = pgTable('t', { a: integer('a').primaryKey(), b: integer('b').notNull() });
    const v2 = pgTable('t', { a: integer('a').notNull(), b: integer('b').primaryKey() });
    const from = {
      ...createSnapshot({ v1 }),
      tables: {
        'public.t': {
          ...createSnapshot({ v1 }).tables['public.t']!,
          primaryKey: { name: 't_pkey', columns: ['a'] },
        },
      },
    };
    expect(kinds(from, createSnapshot({ v2 }))).toEqual(['drop_primary_key', 'add_primary_key']);
    const e1 = { ...empty, enums: { 'public.e': { schema: 'public', name: 'e', values: ['a'] } } };
    const e2 = { ...empty, enums: { 'public.e': { schema: 'public', name: 'e', values: ['a', 'b'] } } };
    expect(diffSnapshots(e1, e2).statements).toEqual([
      { kind: 'add_enum_value', schema: 'public', name: 'e', value: 'b' },
    ]);
  });

  it('renames only when declared; otherwise drop + create', () => {
    const before = createSnapshot({ parent });
    const renamed = pgTable('mother', { id: integer('id').primaryKey(), name: text('name') });
    const after = createSnapshot({ renamed });
    expect(kinds(before, after)).toEqual(['create_table', 'drop_table']);
    expect(
      diffSnapshots(before, after, { renames: [{ table: 'parent', from: 'parent', to: 'mother' }] })
        .statements,
    ).toEqual([{ kind: 'rename_table', schema: 'public', from: 'parent', to: 'mother' }]);
  });
});

describe('diffSnapshots: unique constraint vs unique index', () => {
  it('treats a plain unique index and a unique constraint on the same columns as equivalent', () => {
    const withConstraint = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      unique('t_ab').on(t.a, t.b),
    ]);
    const withIndex = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      uniqueIndex('t_ab_idx').on(t.a, t.b),
    ]);
    const c = createSnapshot({ withConstraint });
    const i = createSnapshot({ withIndex });
    expect(diffSnapshots(i, c, { owned: NOTHING_OWNED_FOR_TESTS }).statements).toEqual([]);
    expect(diffSnapshots(c, i, { owned: NOTHING_OWNED_FOR_TESTS }).statements).toEqual([]);
    const other = pgTable('t', { a: integer('a'), b: integer('b') }, (t) => [
      uniqueIndex('t_ba_idx').on(t.b, t.a),
    ]);
    expect(diffSnapshots(c, createSnapshot({ other })).statements.map((s) => s.kind)).toContain(
      'create_index',
    );
  });

  it('keeps a key scoped by an undeclared same-named column pair (data isolation); a declared one is replaced', () => {
    const desired = createSnapshot({ child, parent });
    const keyKinds = (from: SchemaSnapshot, to: SchemaSnapshot) =>
      kinds(from, to).filter((k) => k.includes('constraint') || k.includes('foreign'));
    const scoped = (from: SchemaSnapshot): SchemaSnapshot => {
      const live = structuredClone(from) as SchemaSnapshot & {
        tables: Record<string, { columns: Record<string, unknown>; foreignKeys: Record<string, unknown> }>;
      };
      const tenant = { name: 'server_id', type: 'uuid', notNull: false, default: null };
      for (const key of ['public.child', 'public.parent']) {
        const table = live.tables[key];
        if (table) table.columns.server_id = tenant;
      }
      const fk = live.tables['public.child']?.foreignKeys.child_parent_fk as unknown as {
        columns: string[];
        refColumns: string[];
      };
      fk.columns = ['server_id', ...fk.columns];
      fk.refColumns = ['server_id', ...fk.refColumns];
      return live;
    };
    // server_id is not in the schema: the scoped key implements the desired one, nothing to do
    expect(
      kinds(scoped(desired), desired).filter((k) => k.includes('constraint') || k.includes('foreign')),
    ).toEqual([]);
    // a schema that declares the column sees the difference and replaces the key by name
    const declared = pgTable(
      'child',
      { id: integer('id').primaryKey(), parentId: integer('parent_id'), serverId: uuid('server_id') },
      (t) => [foreignKey({ name: 'child_parent_fk', columns: [t.parentId], foreignColumns: [parent.id] })],
    );
    const withColumn = createSnapshot({ child: declared, parent });
    expect(keyKinds(scoped(withColumn), withColumn)).toEqual(['drop_constraint', 'add_foreign_key']);
  });
});
