import {
  isCircuitOpenError,
  isConnectFailure,
  isPolicyTimeoutError,
  isTransientDatabaseError,
} from '@eliza-sql/resilience';
import type { ElizaSqlErrorCode } from '../errors.js';
import { isDrizzleQueryError, ownSqlstate } from './sanitize-error-chain.js';

/** What the database (or the driver, or the resilience policy) said, as the facade reports it. */
export interface DatabaseErrorClass {
  readonly code: ElizaSqlErrorCode;
  /** One line saying what happened, for the message. */
  readonly summary: string;
  /** The error of the chain that holds the SQLSTATE (or the policy's / driver's own error). */
  readonly source: object;
  readonly sqlstate?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
}

const MAX_CHAIN = 10;

/** SQLSTATEs that can only come from opening a connection (the statement never ran). */
const CONNECT_SQLSTATES = new Set(['08001', '08004', '53300', '57P03']);

const SUMMARY: Partial<Record<ElizaSqlErrorCode, string>> = {
  REFERENCED_ROW_MISSING: 'a row it references does not exist',
  UNIQUE_VIOLATION: 'a row with the same unique key already exists',
  CONSTRAINT_VIOLATION: 'the row breaks a constraint of its table',
  ACCESS_DENIED: 'the database role may not do this (privilege or row-level security)',
  UNSTORABLE_VALUE: 'PostgreSQL cannot store or compare a value as given',
  TRANSACTION_CONFLICT: 'the transaction conflicted with a concurrent one; retry it',
  TIMEOUT: 'the database did not answer in time',
  DATABASE_UNREACHABLE: 'the database cannot be reached',
  CONNECTION_LOST: 'the connection to the database broke; the statement may or may not have run',
  CIRCUIT_OPEN: 'the database is failing; calls are refused until the circuit breaker admits a trial',
  ADAPTER_NOT_READY: 'the adapter’s database driver is closed',
  DATABASE_ERROR: 'the database refused the statement',
};

/** The facade's code for a SQLSTATE, by its class (first two characters) where one code fits the class. */
export function codeOfSqlstate(sqlstate: string): ElizaSqlErrorCode {
  if (sqlstate === '23503') return 'REFERENCED_ROW_MISSING';
  if (sqlstate === '23505') return 'UNIQUE_VIOLATION';
  if (sqlstate.startsWith('23')) return 'CONSTRAINT_VIOLATION';
  if (sqlstate === '42501' || sqlstate.startsWith('28')) return 'ACCESS_DENIED';
  if (sqlstate.startsWith('22')) return 'UNSTORABLE_VALUE';
  if (sqlstate.startsWith('40')) return 'TRANSACTION_CONFLICT';
  if (sqlstate === '57014' || sqlstate === '55P03') return 'TIMEOUT';
  if (CONNECT_SQLSTATES.has(sqlstate)) return 'DATABASE_UNREACHABLE';
  if (sqlstate.startsWith('08') || sqlstate === '57P01' || sqlstate === '57P02') return 'CONNECTION_LOST';
  return 'DATABASE_ERROR';
}

/** A string field of the server's error, under postgres.js' name (`table_name`) or PGlite's (`table`). */
function field(err: object, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = (err as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function classOf(code: ElizaSqlErrorCode, source: object, extra: Partial<DatabaseErrorClass> = {}) {
  return { code, summary: SUMMARY[code] ?? 'the database call failed', source, ...extra };
}

/**
 * How the facade reports `err` when it comes from the database, the driver or the resilience policy:
 * the policy's `CircuitOpenError` / `PolicyTimeoutError` by their own code; otherwise the first
 * SQLSTATE down the `cause` chain decides (with the constraint, table and column PostgreSQL named);
 * a closed driver is ADAPTER_NOT_READY; connection failures without one are DATABASE_UNREACHABLE
 * (never sent) or CONNECTION_LOST. Undefined for anything else (not a database error).
 */
export function classifyDatabaseError(err: unknown): DatabaseErrorClass | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if (isCircuitOpenError(err)) return classOf('CIRCUIT_OPEN', err);
  if (isPolicyTimeoutError(err)) return classOf('TIMEOUT', err);
  const seen = new Set<object>();
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CHAIN && typeof current === 'object' && current !== null; depth++) {
    if (seen.has(current)) break;
    seen.add(current);
    const sqlstate = ownSqlstate(current);
    if (sqlstate) {
      return classOf(codeOfSqlstate(sqlstate), current, {
        sqlstate,
        constraint: field(current, ['constraint_name', 'constraint']),
        table: field(current, ['table_name', 'table']),
        column: field(current, ['column_name', 'column']),
      });
    }
    if (isClosedDriver(current)) return classOf('ADAPTER_NOT_READY', current);
    current = (current as { cause?: unknown }).cause;
  }
  const source = innermost(err);
  if (isConnectFailure(err)) return classOf('DATABASE_UNREACHABLE', source);
  if (isTransientDatabaseError(err)) return classOf('CONNECTION_LOST', source);
  if (isDrizzleQueryError(err)) return classOf('DATABASE_ERROR', source);
  return undefined;
}

/**
 * The driver was closed under the adapter: our drivers' DRIVER_CLOSED; postgres.js' CONNECTION_ENDED
 * (its pool was ended, which only closing the driver does); PGlite's "PGlite is closed" (it has no code).
 */
function isClosedDriver(err: object): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === 'DRIVER_CLOSED' || code === 'CONNECTION_ENDED' || message === 'PGlite is closed';
}

/** The error Drizzle's wrapper wraps (its own message repeats the statement). */
function innermost(err: object): object {
  let current: object = err;
  for (let depth = 0; depth < MAX_CHAIN && isDrizzleQueryError(current); depth++) {
    const cause = (current as { cause?: unknown }).cause;
    if (typeof cause !== 'object' || cause === null) break;
    current = cause;
  }
  return current;
}
