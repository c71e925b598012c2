import { sql } from 'drizzle-orm';
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { createSnapshot, hashSnapshot, InvalidSchemaError } from '../src/index.js';
import * as f from './fixtures/feature-schema.js';

const snap = createSnapshot(f);
const owners = snap.tables['public.owners']!;
const items = snap.tables['public.items']!;
const events = snap.tables['feature_app.events']!;

describe('createSnapshot', () => {
  it('is versioned, JSON-serialisable, and lists schemas, enums and detected extensions', () => {
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.version).toBe(1);
    expect(snap.schemas).toEqual(['feature_app']);
    expect(Object.keys(snap.tables).sort()).toEqual(['feature_app.events', 'public.items', 'public.owners']);
    expect(snap.enums['public.mood']).toEqual({ schema: 'public', name: 'mood', values: ['happy', 'sad'] });
    expect(snap.enums['feature_app.level']?.values).toEqual(['low', 'high']);
    expect(snap.extensions).toEqual(['vector']);
    expect(createSnapshot(f, { extensions: ['fuzzystrmatch'] }).extensions).toEqual([
      'fuzzystrmatch',
      'vector',
    ]);
  });

  it('records canonical column types: varchar, arrays, numeric, vector, enums, serial, timestamps', () => {
    expect(owners.columns.name?.type).toBe('character varying(80)');
    expect(owners.columns.tags?.type).toBe('text[]');
    expect(owners.columns.score?.type).toBe('numeric(10,2)');
    expect(owners.columns.mood?.type).toBe('"public"."mood"');
    expect(owners.columns.created_at?.type).toBe('timestamp with time zone');
    expect(owners.columns.updated_at?.type).toBe('timestamp without time zone');
    expect(items.columns.embedding?.type).toBe('vector(384)');
    expect(items.columns.counter?.type).toBe('serial');
    expect(events.columns.level?.type).toBe('"feature_app"."level"');
    expect(events.columns.levels?.type).toBe('"feature_app"."level"[]');
    expect(events.columns.at?.type).toBe('timestamp(3) with time zone');
  });

  it('serialises defaults as SQL text: sql``, defaultNow, literals, jsonb, arrays', () => {
    expect(owners.columns.tags?.default).toBe("'{}'::text[]");
    expect(owners.columns.labels?.default).toBe(`'{"a","b"}'::text[]`);
    expect(owners.columns.settings?.default).toBe(`'{"theme":"dark"}'::jsonb`);
    expect(owners.columns.list?.default).toBe("'[]'::jsonb");
    expect(owners.columns.active?.default).toBe('true');
    expect(owners.columns.mood?.default).toBe("'happy'");
    expect(owners.columns.created_at?.default).toBe('now()');
    expect(owners.columns.updated_at?.default).toBe('CURRENT_TIMESTAMP');
    expect(owners.columns.id?.default).toBe('gen_random_uuid()');
    expect(items.columns.big?.default).toBe('5');
    expect(owners.columns.email?.default).toBeNull();
  });

  it('records nullability, single and composite primary keys, and unique constraints', () => {
    expect(owners.columns.id?.notNull).toBe(true);
    expect(owners.columns.email?.notNull).toBe(false);
    expect(owners.primaryKey).toEqual({ name: null, columns: ['id'] });
    expect(items.primaryKey).toEqual({ name: 'items_owner_id_slot_pk', columns: ['owner_id', 'slot'] });
    expect(owners.uniques.owners_email_unique).toEqual({
      name: 'owners_email_unique',
      columns: ['email'],
      nullsNotDistinct: false,
    });
    expect(items.uniques.items_kind_slot_unique?.nullsNotDistinct).toBe(true);
  });

  it('records foreign keys with actions, including cross-schema, composite and self references', () => {
    expect(items.foreignKeys.items_owner_fk).toEqual({
      name: 'items_owner_fk',
      columns: ['owner_id'],
      refSchema: 'public',
      refTable: 'owners',
      refColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'restrict',
    });
    const fks = Object.values(events.foreignKeys);
    expect(fks.map((x) => [x.refTable, x.columns.join(','), x.onDelete])).toEqual(
      expect.arrayContaining([
        ['items', 'item_owner,item_slot', 'set null'],
        ['events', 'parent_id', 'no action'],
      ]),
    );
  });

  it('records check constraints with unqualified column references', () => {
    expect(items.checks.items_slot_positive?.expression).toBe(`"slot" >= 0 AND "kind" <> ''`);
  });

  it('records indexes: ordering, expression, partial, hnsw with opclass and params, halfvec expression', () => {
    expect(items.indexes.items_kind_idx?.keys).toEqual([
      { expression: 'kind', isExpression: false, opclass: null, order: 'desc', nulls: 'last' },
      { expression: 'slot', isExpression: false, opclass: null, order: 'asc', nulls: null },
    ]);
    expect(items.indexes.items_meta_type_idx?.keys[0]).toMatchObject({
      expression: `"metadata"->>'type'`,
      isExpression: true,
    });
    expect(items.indexes.items_partial_idx?.where).toBe(`"kind" = 'special'`);
    expect(items.indexes.items_embedding_hnsw).toMatchObject({
      method: 'hnsw',
      with: { m: '16', ef_construction: '64' },
      keys: [{ expression: 'embedding', opclass: 'vector_cosine_ops' }],
    });
    expect(items.indexes.items_dim3072_hnsw?.keys[0]).toMatchObject({
      expression: '"dim_3072"::halfvec(3072)',
      isExpression: true,
      opclass: 'halfvec_cosine_ops',
    });
    expect(Object.keys(events.indexes)).toEqual(['events_level_index']);
  });

  it('leaves out indexes of the access methods a backend does not build (skipIndexMethods)', () => {
    const skipped = createSnapshot(f, { skipIndexMethods: ['hnsw'] });
    const kept = skipped.tables['public.items']!.indexes;
    expect(Object.keys(kept).sort()).toEqual(
      Object.keys(items.indexes)
        .filter((name) => items.indexes[name]?.method !== 'hnsw')
        .sort(),
    );
    expect(kept.items_kind_idx).toEqual(items.indexes.items_kind_idx);
    expect(skipped.extensions).toEqual(snap.extensions); // the vector columns still need pgvector
    expect(hashSnapshot(skipped)).not.toBe(hashSnapshot(snap));
  });

  it('hashes the canonical JSON: stable, and different when the schema differs', () => {
    expect(hashSnapshot(createSnapshot(f))).toBe(hashSnapshot(snap));
    expect(hashSnapshot(snap)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSnapshot(createSnapshot({ owners: f.owners }))).not.toBe(hashSnapshot(snap));
  });

  it('rejects an expression index without a name with a typed error', () => {
    const t = pgTable('t', { a: text('a') }, (x) => [index().on(sql`lower(${x.a})`)]);
    expect(() => createSnapshot({ t })).toThrow(InvalidSchemaError);
  });

  it('ignores values that are not tables, enums or schemas, and detects fuzzystrmatch use', () => {
    const t = pgTable('fz', { a: text('a') }, (x) => [index('fz_idx').on(sql`soundex(${x.a})`)]);
    const s = createSnapshot({ t, helper: () => 1, n: 3 });
    expect(Object.keys(s.tables)).toEqual(['public.fz']);
    expect(s.extensions).toEqual(['fuzzystrmatch']);
  });
});
