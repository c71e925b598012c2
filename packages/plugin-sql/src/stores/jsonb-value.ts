import { type SQL, sql } from 'drizzle-orm';
import { ElizaSqlError } from '../errors.js';

/**
 * NUL policy (identical on every backend): PostgreSQL cannot store U+0000 in `text` or `jsonb`, nor a
 * lone UTF-16 surrogate in `jsonb`. Such a value is rejected with `UNSTORABLE_VALUE` naming the field
 * and path BEFORE any statement runs, so a bad value never fails a write half-way or takes other rows
 * with it. (The reference silently strips NULs from log bodies and fails other writes with a driver
 * error; we never alter what was given.)
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is exactly what is searched for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function reason(text: string): string {
  return text.includes('\u0000') ? 'contains a NUL character (U+0000)' : 'contains a lone UTF-16 surrogate';
}

/** Throws UNSTORABLE_VALUE when the string `value` of `field` cannot be stored in a text column. */
export function assertStorableText(field: string, value: string): void {
  if (UNSTORABLE.test(value)) {
    throw new ElizaSqlError('UNSTORABLE_VALUE', `${field} ${reason(value)}, which PostgreSQL cannot store`);
  }
}

function walk(field: string, value: unknown, path: string, seen: Set<object>): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) {
      throw new ElizaSqlError(
        'UNSTORABLE_VALUE',
        `${field}${path}: a string that ${reason(value)}, which PostgreSQL cannot store in jsonb`,
      );
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (seen.has(value)) {
    throw new ElizaSqlError(
      'UNSTORABLE_VALUE',
      `${field}${path}: a circular reference cannot be stored as JSON`,
    );
  }
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(field, item, `${path}[${index}]`, seen);
    });
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) {
        throw new ElizaSqlError('UNSTORABLE_VALUE', `${field}${path}: a key that ${reason(key)}`);
      }
      walk(field, item, `${path}.${key}`, seen);
    }
  }
  seen.delete(value);
}

/** Throws UNSTORABLE_VALUE when `value` of `field` cannot be stored as jsonb. */
export function assertStorableJson(field: string, value: unknown): void {
  walk(field, value, '', new Set());
}

/** JSON text of `value` for a jsonb column, after {@link assertStorableJson}. */
export function toJsonText(field: string, value: unknown): string {
  assertStorableJson(field, value);
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new ElizaSqlError('UNSTORABLE_VALUE', `${field}: ${typeof value} has no JSON representation`);
  }
  return text;
}

/** A bound jsonb value (`$1::jsonb`), the same on postgres.js and PGlite. */
export function jsonbValue(field: string, value: unknown): SQL {
  return sql`${toJsonText(field, value)}::jsonb`;
}
