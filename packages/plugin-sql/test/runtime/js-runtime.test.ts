import { describe, expect, it } from 'vitest';

// The root `test:bun` script runs the PGlite behaviour suite under Bun and sets ELIZA_SQL_EXPECT_RUNTIME=bun:
// this proves the tests really ran inside Bun and not in a Node worker spawned behind its back.
describe('JavaScript runtime', () => {
  it('is the one the test command asked for', () => {
    const expected = process.env.ELIZA_SQL_EXPECT_RUNTIME ?? 'node';
    const actual = typeof process.versions.bun === 'string' ? 'bun' : 'node';
    expect(actual).toBe(expected);
  });
});
