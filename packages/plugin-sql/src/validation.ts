import type { UUID } from '@elizaos/core';
import { invalidInput } from './errors.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID string in canonical 8-4-4-4-12 hex form. */
export function isUuid(value: unknown): value is UUID {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** Returns `value` as a UUID or throws INVALID_INPUT naming `field` (`hint` is added to what was expected). */
export function assertUuid(field: string, value: unknown, hint?: string): UUID {
  if (!isUuid(value)) throw invalidInput(field, value, `a UUID (8-4-4-4-12 hex)${hint ? ` ${hint}` : ''}`);
  return value;
}

/** Returns a non-negative safe integer (`fallback` when undefined) or throws INVALID_INPUT. */
export function assertCount(field: string, value: unknown, fallback: number, max = 1_000_000): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw invalidInput(field, value, `an integer from 0 to ${max}`);
  }
  return value;
}
