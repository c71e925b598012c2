/**
 * Input checks shared by the world/room/participant/relationship/cache/task/messaging stores. The NUL
 * policy is the facade's (`jsonb-value.ts`): unstorable text is UNSTORABLE_VALUE before any statement
 * runs, and JSON values must round-trip exactly (no NaN/Infinity, bigint, function, symbol, no deep nesting).
 */
import { randomUUID } from 'node:crypto';
import type { UUID } from '@elizaos/core';
import type { SQL } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { assertStorableText, jsonbValue } from './jsonb-value.js';

/** A new random (v4) UUID. */
export function newUuid(): UUID {
  return randomUUID() as UUID;
}

/**
 * Whether an optional parameter was given: only `undefined` and `null` mean "not given". Falsy values
 * (`0`, `''`, `false`, `[]`) are values and mean what they say.
 */
export function isGiven<T>(value: T | undefined | null): value is T {
  return value !== undefined && value !== null;
}

/** A time bound given in ms since the epoch (`0` is the epoch itself) as a Date; anything else is INVALID_INPUT. */
export function timestampMs(field: string, value: unknown): Date {
  const date = typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw invalidInput(field, value, 'a timestamp in ms');
  return date;
}

/** `unique` as a filter: true keeps only unique memories; false and absent keep all. */
export function uniqueOnly(field: string, value: unknown): boolean {
  if (!isGiven(value)) return false;
  if (typeof value !== 'boolean') throw invalidInput(field, value, 'a boolean');
  return value;
}

/** A parameter object: anything else (null included) is INVALID_INPUT. */
export function assertObject(field: string, value: unknown): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') throw invalidInput(field, value, 'an object');
}

/** Validates every element of an id list; `field` names the list in the error. */
export function assertUuidList(field: string, values: unknown): UUID[] {
  if (!Array.isArray(values)) throw invalidInput(field, values, 'an array of UUIDs');
  return values.map((value, index) => assertUuid(`${field}[${index}]`, value));
}

/** An optional UUID: undefined/null become null, anything else must be a UUID. */
export function uuidOrNull(field: string, value: unknown): UUID | null {
  return value === undefined || value === null ? null : assertUuid(field, value);
}

/** A required string for a `text` column (UNSTORABLE_VALUE when it holds a NUL). */
export function requiredText(field: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidInput(field, value, 'a string');
  assertStorableText(field, value);
  return value;
}

/** An optional string: undefined/null pass through, strings are checked, anything else is INVALID_INPUT. */
export function optionalText(field: string, value: unknown): string | null | undefined {
  return value === undefined || value === null ? value : requiredText(field, value);
}

/** A list of strings for a `text[]` column (tags). */
export function textList(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidInput(field, value, 'an array of strings');
  return value.map((item, index) => requiredText(`${field}[${index}]`, item));
}

/** A bound `jsonb` value of any JSON value (checked by {@link jsonbValue}); undefined has none. */
export function jsonbOf(field: string, value: unknown): SQL {
  if (value === undefined) throw invalidInput(field, value, 'a JSON value (undefined has none)');
  return jsonbValue(field, value);
}

/** An optional JSON object (metadata) as a bound `jsonb` value; undefined/null pass through. */
export function jsonbObjectOrNull(field: string, value: unknown): SQL | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidInput(field, value, 'a JSON object');
  return jsonbOf(field, value);
}

/** The SQLSTATE of a database error, looking through wrappers' `cause` chains (Drizzle wraps errors). */
export function pgErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** SQLSTATE 23503 (foreign key violation) or 23505 (unique violation). */
export function isConstraintViolation(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === '23503' || code === '23505';
}

/** A JSON object (metadata) as a bound `jsonb` value, `{}` when undefined/null. */
export function jsonbObject(field: string, value: unknown): SQL {
  return jsonbObjectOrNull(field, value ?? {}) as SQL;
}
