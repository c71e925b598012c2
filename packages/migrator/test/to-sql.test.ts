import { describe, expect, it } from 'vitest';
import { type MigrationStatement, type MigrationStatementKind, toSql } from '../src/index.js';
import { converters } from '../src/to-sql.js';

const ref = { schema: 'public', table: 't' };
const cases: { [K in MigrationStatementKind]: [Extract<MigrationStatement, { kind: K }>, string] } = {
  create_schema: [{ kind: 'create_schema', schema: 'ns' }, 'CREATE SCHEMA IF NOT EXISTS "ns"'],
  create_extension: [
    { kind: 'create_extension', extension: 'vector' },
    'CREATE EXTENSION IF NOT EXISTS "vector"',
  ],
  create_enum: [
    { kind: 'create_enum', enum: { schema: 'ns', name: 'mood', values: ['a', "it's"] } },
    `CREATE TYPE "ns"."mood" AS ENUM ('a', 'it''s')`,
  ],
  add_enum_value: [
    { kind: 'add_enum_value', schema: 'public', name: 'mood', value: 'c' },
    `ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'c'`,
  ],
  create_table: [
    {
      kind: 'create_table',
      table: {
        schema: 'public',
        name: 't',
        columns: {
          id: { name: 'id', type: 'uuid', notNull: true, default: 'gen_random_uuid()' },
          v: { name: 'v', type: 'vector(384)', notNull: false, default: null },
        },
        primaryKey: { name: null, columns: ['id'] },
        uniques: { t_v_unique: { name: 't_v_unique', columns: ['v'], nullsNotDistinct: true } },
        foreignKeys: {},
        checks: { t_c: { name: 't_c', expression: '"id" IS NOT NULL' } },
        indexes: {},
      },
    },
    'CREATE TABLE "public"."t" (\n  "id" uuid DEFAULT gen_random_uuid() NOT NULL,\n  "v" vector(384),\n  PRIMARY KEY ("id"),\n' +
      '  CONSTRAINT "t_v_unique" UNIQUE NULLS NOT DISTINCT ("v"),\n  CONSTRAINT "t_c" CHECK ("id" IS NOT NULL)\n)',
  ],
  drop_table: [{ kind: 'drop_table', ...ref }, 'DROP TABLE "public"."t" CASCADE'],
  rename_table: [
    { kind: 'rename_table', schema: 'public', from: 'a', to: 'b' },
    'ALTER TABLE "public"."a" RENAME TO "b"',
  ],
  rename_column: [
    { kind: 'rename_column', ...ref, from: 'a', to: 'b' },
    'ALTER TABLE "public"."t" RENAME COLUMN "a" TO "b"',
  ],
  add_column: [
    {
      kind: 'add_column',
      ...ref,
      column: { name: 'tags', type: 'text[]', notNull: true, default: "'{}'::text[]" },
    },
    `ALTER TABLE "public"."t" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL`,
  ],
  drop_column: [{ kind: 'drop_column', ...ref, column: 'c' }, 'ALTER TABLE "public"."t" DROP COLUMN "c"'],
  alter_column_type: [
    { kind: 'alter_column_type', ...ref, column: 'n', from: 'integer', to: 'bigint' },
    'ALTER TABLE "public"."t" ALTER COLUMN "n" SET DATA TYPE bigint USING "n"::bigint',
  ],
  set_default: [
    { kind: 'set_default', ...ref, column: 'c', default: 'now()' },
    'ALTER TABLE "public"."t" ALTER COLUMN "c" SET DEFAULT now()',
  ],
  drop_default: [
    { kind: 'drop_default', ...ref, column: 'c' },
    'ALTER TABLE "public"."t" ALTER COLUMN "c" DROP DEFAULT',
  ],
  set_not_null: [
    { kind: 'set_not_null', ...ref, column: 'c' },
    'ALTER TABLE "public"."t" ALTER COLUMN "c" SET NOT NULL',
  ],
  drop_not_null: [
    { kind: 'drop_not_null', ...ref, column: 'c' },
    'ALTER TABLE "public"."t" ALTER COLUMN "c" DROP NOT NULL',
  ],
  add_primary_key: [
    { kind: 'add_primary_key', ...ref, primaryKey: { name: 't_a_b_pk', columns: ['a', 'b'] } },
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_b_pk" PRIMARY KEY ("a", "b")',
  ],
  drop_primary_key: [
    { kind: 'drop_primary_key', ...ref, name: 't_pkey' },
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_pkey"',
  ],
  add_unique: [
    { kind: 'add_unique', ...ref, unique: { name: 'u', columns: ['a'], nullsNotDistinct: false } },
    'ALTER TABLE "public"."t" ADD CONSTRAINT "u" UNIQUE ("a")',
  ],
  add_foreign_key: [
    {
      kind: 'add_foreign_key',
      ...ref,
      foreignKey: {
        name: 'fk',
        columns: ['p'],
        refSchema: 'ns',
        refTable: 'p',
        refColumns: ['id'],
        onDelete: 'set null',
        onUpdate: 'cascade',
      },
    },
    'ALTER TABLE "public"."t" ADD CONSTRAINT "fk" FOREIGN KEY ("p") REFERENCES "ns"."p"("id") ON DELETE SET NULL ON UPDATE CASCADE',
  ],
  add_check: [
    { kind: 'add_check', ...ref, check: { name: 'c', expression: 'a > 0' } },
    'ALTER TABLE "public"."t" ADD CONSTRAINT "c" CHECK (a > 0)',
  ],
  drop_constraint: [
    { kind: 'drop_constraint', ...ref, name: 'c', constraint: 'check' },
    'ALTER TABLE "public"."t" DROP CONSTRAINT "c"',
  ],
  create_index: [
    {
      kind: 'create_index',
      ...ref,
      index: {
        name: 'i',
        unique: false,
        method: 'hnsw',
        keys: [
          {
            expression: 'd::halfvec(3072)',
            isExpression: true,
            opclass: 'halfvec_cosine_ops',
            order: 'asc',
            nulls: null,
          },
        ],
        where: 'd IS NOT NULL',
        with: { m: '16' },
      },
    },
    'CREATE INDEX "i" ON "public"."t" USING hnsw ((d::halfvec(3072)) halfvec_cosine_ops) WITH (m = 16) WHERE d IS NOT NULL',
  ],
  drop_index: [{ kind: 'drop_index', schema: 'public', name: 'i' }, 'DROP INDEX "public"."i"'],
};

describe('converters (one per statement kind)', () => {
  for (const [kind, [statement, expected]] of Object.entries(cases)) {
    it(kind, () => {
      expect(toSql([statement as MigrationStatement])).toEqual([expected]);
    });
  }

  it('renders identity and generated columns', () => {
    const [text] = toSql([
      {
        kind: 'create_table',
        table: {
          schema: 'public',
          name: 'g',
          columns: {
            id: { name: 'id', type: 'integer', notNull: true, default: null, identity: 'always' },
            d: { name: 'd', type: 'integer', notNull: false, default: null, generated: 'p * 2' },
          },
          primaryKey: null,
          uniques: {},
          foreignKeys: {},
          checks: {},
          indexes: {},
        },
      },
    ]);
    expect(text).toBe(
      'CREATE TABLE "public"."g" (\n  "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,\n  "d" integer GENERATED ALWAYS AS (p * 2) STORED\n)',
    );
  });

  it('covers every kind', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(converters).sort());
  });

  it('renders unique, descending and nulls-first index keys', () => {
    const [text] = toSql([
      {
        kind: 'create_index',
        ...ref,
        index: {
          name: 'u',
          unique: true,
          method: 'btree',
          keys: [
            { expression: 'a', isExpression: false, opclass: null, order: 'desc', nulls: 'last' },
            {
              expression: 'b',
              isExpression: false,
              opclass: 'text_pattern_ops',
              order: 'asc',
              nulls: 'first',
            },
          ],
          where: null,
          with: {},
        },
      },
    ]);
    expect(text).toBe(
      'CREATE UNIQUE INDEX "u" ON "public"."t" USING btree ("a" DESC NULLS LAST, "b" text_pattern_ops NULLS FIRST)',
    );
  });
});
