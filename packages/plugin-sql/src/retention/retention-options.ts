import { invalidInput } from '../errors.js';

/** Rows removed by one statement when no `batchSize` is given: small, so each delete is a short transaction. */
export const DEFAULT_RETENTION_BATCH_SIZE = 500;

/** `batchSize` checked: an integer from 1 to 10 000 (default {@link DEFAULT_RETENTION_BATCH_SIZE}). */
export function retentionBatchSize(value: unknown): number {
  if (value === undefined) return DEFAULT_RETENTION_BATCH_SIZE;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > 10_000) {
    throw invalidInput('batchSize', value, 'an integer from 1 to 10000');
  }
  return value;
}

/** An optional age in milliseconds: a positive finite number. */
export function optionalAgeMs(field: string, value: unknown): number | undefined {
  return value === undefined ? undefined : requiredAgeMs(field, value);
}

/** An age in milliseconds: a positive finite number. */
export function requiredAgeMs(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidInput(field, value, 'a positive number of milliseconds');
  }
  return value;
}

/** An optional count to keep: an integer of at least 1 (use no limit rather than 0 to keep everything). */
export function optionalKeepCount(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidInput(field, value, 'an integer of at least 1');
  }
  return value;
}

/** Whether `value` is an `AbortSignal` or absent. */
export function optionalSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw invalidInput('signal', value, 'an AbortSignal');
}
