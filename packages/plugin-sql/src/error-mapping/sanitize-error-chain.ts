import { isCircuitOpenError, isPolicyTimeoutError } from '@eliza-sql/resilience';
import { ElizaSqlError, PACKAGE_ERROR_CODES, type PackageErrorCode } from '../errors.js';
import { redactMessage } from './redact-message.js';
import { SanitizedError } from './sanitized-error.js';
import type { StatementPayload } from './statement-payload.js';

/** Messages in a cause chain are cut to this length. */
const CAUSE_MESSAGE_LENGTH = 200;
const MAX_DEPTH = 10;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Drizzle's wrapper (`Failed query: … params: …`, with `query` and `params`): it adds nothing else. */
export function isDrizzleQueryError(err: object): boolean {
  const e = err as { query?: unknown; params?: unknown; message?: unknown };
  return (
    typeof e.query === 'string' &&
    Array.isArray(e.params) &&
    typeof e.message === 'string' &&
    e.message.startsWith('Failed query:')
  );
}

const PACKAGE_CODES: ReadonlySet<string> = new Set(PACKAGE_ERROR_CODES);

/** A typed error of another eliza-sql package (its `code` is one of {@link PACKAGE_ERROR_CODES}). */
export function isPackageError(err: unknown): err is Error & { code: PackageErrorCode } {
  return err instanceof Error && PACKAGE_CODES.has((err as { code?: unknown }).code as string);
}

/** The SQLSTATE of one error object (not of its causes). */
export function ownSqlstate(err: object): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : undefined;
}

/**
 * `err` and its causes with everything that may hold a statement or a value removed: Drizzle's
 * wrapper is dropped (its cause takes its place), every other error becomes a {@link SanitizedError}
 * (name, code, SQLSTATE, redacted message, call frames), an `AggregateError` keeps its sanitized
 * members, and an {@link ElizaSqlError}, `CircuitOpenError` or `PolicyTimeoutError` met on the way
 * keeps itself with its cause sanitized in place.
 */
export function sanitizeErrorChain(err: unknown, payload: StatementPayload): unknown {
  return sanitize(err, payload, 0, new Set());
}

function sanitize(err: unknown, payload: StatementPayload, depth: number, seen: Set<object>): unknown {
  if (err === undefined || err === null) return err;
  if (depth >= MAX_DEPTH) return undefined;
  if (typeof err !== 'object') {
    return typeof err === 'string' || typeof err === 'number' || typeof err === 'boolean'
      ? new SanitizedError(redactMessage(String(err), payload, CAUSE_MESSAGE_LENGTH), { name: 'Error' })
      : undefined;
  }
  if (seen.has(err)) return undefined;
  seen.add(err);
  const cause = (err as { cause?: unknown }).cause;
  if (isDrizzleQueryError(err)) {
    return cause === undefined
      ? new SanitizedError('a statement failed', { name: 'Error', stack: stackOf(err) })
      : sanitize(cause, payload, depth, seen);
  }
  // Ours, the resilience policy's and the other packages' typed errors hold no statement: kept (with
  // `retryInMs`, `timeoutMs`, a lock's holder...), only their causes are sanitized.
  if (
    err instanceof ElizaSqlError ||
    isCircuitOpenError(err) ||
    isPolicyTimeoutError(err) ||
    isPackageError(err)
  ) {
    if (cause !== undefined) replaceCause(err, sanitize(cause, payload, depth + 1, seen));
    return err;
  }
  const message = redactMessage(
    String((err as { message?: unknown }).message ?? err),
    payload,
    CAUSE_MESSAGE_LENGTH,
  );
  if (err instanceof AggregateError) {
    const members = Array.isArray(err.errors) ? err.errors : [];
    const copy = new AggregateError(
      members.slice(0, MAX_DEPTH).map((member: unknown) => sanitize(member, payload, depth + 1, seen)),
      message,
    );
    if (cause !== undefined) replaceCause(copy, sanitize(cause, payload, depth + 1, seen));
    return copy;
  }
  const sqlstate = ownSqlstate(err);
  const code = (err as { code?: unknown }).code;
  const syscall = (err as { syscall?: unknown }).syscall;
  const name = (err as { name?: unknown }).name;
  return new SanitizedError(message, {
    // PGlite names every server error "error"; both backends' server errors read the same here.
    name: sqlstate ? 'DatabaseError' : typeof name === 'string' && name ? name : 'Error',
    code: typeof code === 'string' ? code : undefined,
    sqlstate,
    syscall: typeof syscall === 'string' ? syscall : undefined,
    cause: cause === undefined ? undefined : sanitize(cause, payload, depth + 1, seen),
    stack: stackOf(err),
  });
}

function stackOf(err: object): string | undefined {
  const stack = (err as { stack?: unknown }).stack;
  return typeof stack === 'string' ? stack : undefined;
}

/** Replaces the `cause` of an error this module owns or made (a property, as `Error` defines it). */
export function replaceCause(err: Error, cause: unknown): void {
  Object.defineProperty(err, 'cause', {
    value: cause,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
