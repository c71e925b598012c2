import { type SQL, sql } from 'drizzle-orm';
import { ElizaSqlError, invalidInput } from '../errors.js';

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

/**
 * How deep a JSON value may nest. PGlite's WASM build crashes ("memory access out of bounds") parsing
 * jsonb nested about 1,000 levels deep and stays broken afterwards, so every backend refuses deeper
 * values up front with UNSTORABLE_VALUE. Agent content and metadata are nowhere near this.
 */
export const MAX_JSON_DEPTH = 256;

/** One step of the walk: visit a value, or leave a container (so circularity tracks ancestors only). */
type Step = { value: unknown; path: string; depth: number } | { leave: object };

/**
 * Checks that `value` round-trips exactly through jsonb: every string and key storable, numbers finite,
 * no bigint/function/symbol (JSON would drop or reject them), depth bounded, no cycles. Iterative, so
 * no input can overflow the stack. `undefined` properties are left out, as JSON does.
 */
function walk(field: string, root: unknown): void {
  const ancestors = new Set<object>();
  const steps: Step[] = [{ value: root, path: '', depth: 0 }];
  for (let step = steps.pop(); step; step = steps.pop()) {
    if ('leave' in step) {
      ancestors.delete(step.leave);
      continue;
    }
    const { value, path, depth } = step;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        throw new ElizaSqlError(
          'UNSTORABLE_VALUE',
          `${field}${path}: a string that ${reason(value)}, which PostgreSQL cannot store in jsonb`,
        );
      }
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw invalidInput(`${field}${path}`, value, 'a finite number (JSON has no NaN/Infinity)');
      }
      continue;
    }
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
      throw invalidInput(
        `${field}${path}`,
        value,
        'a JSON value (string, number, boolean, null, array or object)',
      );
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new ElizaSqlError(
        'UNSTORABLE_VALUE',
        `${field}: nested deeper than ${MAX_JSON_DEPTH} levels (at ${path.slice(0, 80)}…), expected at most ${MAX_JSON_DEPTH}`,
      );
    }
    if (ancestors.has(value)) {
      throw new ElizaSqlError(
        'UNSTORABLE_VALUE',
        `${field}${path}: a circular reference cannot be stored as JSON`,
      );
    }
    ancestors.add(value);
    steps.push({ leave: value });
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        steps.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    for (const [key, item] of Object.entries(value).reverse()) {
      if (UNSTORABLE.test(key)) {
        throw new ElizaSqlError('UNSTORABLE_VALUE', `${field}${path}: a key that ${reason(key)}`);
      }
      steps.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
}

/** Throws UNSTORABLE_VALUE or INVALID_INPUT when `value` of `field` cannot be stored exactly as jsonb. */
export function assertStorableJson(field: string, value: unknown): void {
  walk(field, value);
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
