import { describe, expect, it } from 'vitest';
import { classifyDataLoss, isSafeTypeChange, type MigrationStatement } from '../src/index.js';

const ref = { schema: 'public', table: 't' };

describe('classifyDataLoss', () => {
  it('flags drops of tables, columns, primary keys and unique constraints as destructive', () => {
    const statements: MigrationStatement[] = [
      { kind: 'drop_table', ...ref },
      { kind: 'drop_column', ...ref, column: 'c' },
      { kind: 'drop_primary_key', ...ref, name: 't_pkey' },
      { kind: 'drop_constraint', ...ref, name: 'u', constraint: 'unique' },
    ];
    const r = classifyDataLoss(statements);
    expect(r.hasDataLoss).toBe(true);
    expect(r.destructive.map((d) => d.statement.kind)).toEqual([
      'drop_table',
      'drop_column',
      'drop_primary_key',
      'drop_constraint',
    ]);
    expect(r.destructive[1]?.sql).toBe('ALTER TABLE "public"."t" DROP COLUMN "c"');
  });

  it('does not flag additive or reversible statements; warns about ones that may fail', () => {
    const r = classifyDataLoss([
      { kind: 'add_column', ...ref, column: { name: 'x', type: 'text', notNull: true, default: null } },
      { kind: 'set_not_null', ...ref, column: 'x' },
      { kind: 'drop_constraint', ...ref, name: 'fk', constraint: 'foreign_key' },
      { kind: 'drop_index', schema: 'public', name: 'i' },
      { kind: 'alter_column_type', ...ref, column: 'n', from: 'integer', to: 'bigint' },
    ]);
    expect(r.hasDataLoss).toBe(false);
    expect(r.warnings).toHaveLength(2);
  });

  it('flags lossy type changes', () => {
    const r = classifyDataLoss([
      { kind: 'alter_column_type', ...ref, column: 'n', from: 'text', to: 'integer' },
    ]);
    expect(r.hasDataLoss).toBe(true);
  });
});

describe('isSafeTypeChange', () => {
  it.each([
    ['integer', 'bigint', true],
    ['smallint', 'integer', true],
    ['character varying(10)', 'character varying(20)', true],
    ['character varying(10)', 'text', true],
    ['character varying(20)', 'character varying(10)', false],
    ['bigint', 'integer', false],
    ['text', 'uuid', false],
    ['vector(384)', 'vector(512)', false],
    ['timestamp without time zone', 'timestamp with time zone', true],
  ])('%s → %s: %s', (from, to, safe) => {
    expect(isSafeTypeChange(from, to)).toBe(safe);
  });
});
