import { describe, expect, it } from 'vitest';
import { sameDefault } from '../src/compare.js';
import { canonicalType, normalizeExpression } from '../src/sql-text.js';

describe('canonicalType', () => {
  it.each([
    ['varchar(20)', 'character varying(20)'],
    ['varchar', 'character varying'],
    ['char', 'character(1)'],
    ['char(3)', 'character(3)'],
    ['timestamp', 'timestamp without time zone'],
    ['timestamp (3) with time zone', 'timestamp(3) with time zone'],
    ['timestamptz', 'timestamp with time zone'],
    ['time with time zone', 'time with time zone'],
    ['numeric(10, 2)', 'numeric(10,2)'],
    ['int4', 'integer'],
    ['int8[]', 'bigint[]'],
    ['bool', 'boolean'],
    ['float8', 'double precision'],
    ['vector(384)', 'vector(384)'],
    ['varchar(20)[][]', 'character varying(20)[][]'],
    ['extensions.vector(384)', 'vector(384)'],
    ['"my ext".halfvec(3)[]', 'halfvec(3)[]'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalType(input)).toBe(expected);
  });
});

describe('normalizeExpression and sameDefault', () => {
  it('treats what PostgreSQL rewrites as equal', () => {
    expect(normalizeExpression("'{}'::text[]")).toBe(normalizeExpression("'{}'"));
    expect(normalizeExpression('CURRENT_TIMESTAMP')).toBe(normalizeExpression('now()'));
    expect(normalizeExpression(`(("metadata" ->> 'type'::text) = 'document'::text)`)).toBe(
      normalizeExpression(`metadata->>'type' = 'document'`),
    );
    expect(sameDefault('-1', "'-1'::integer")).toBe(true);
    expect(sameDefault(`'{"theme":"dark","a":1}'::jsonb`, `'{"a": 1, "theme": "dark"}'::jsonb`)).toBe(true);
    expect(sameDefault("'happy'", "'happy'::mood")).toBe(true);
    expect(sameDefault(null, null)).toBe(true);
  });

  it('tells different expressions apart', () => {
    expect(sameDefault("'a'", "'b'::text")).toBe(false);
    expect(sameDefault(`'{"a":1}'::jsonb`, `'{"a": 2}'::jsonb`)).toBe(false);
    expect(sameDefault('now()', null)).toBe(false);
    expect(normalizeExpression('a > 0')).not.toBe(normalizeExpression('a > 1'));
  });
});
