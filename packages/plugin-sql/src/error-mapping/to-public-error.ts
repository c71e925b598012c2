import { classifyDatabaseError } from './classify-database-error.js';
import { describeStatement } from './describe-statement.js';
import { ElizaSqlError } from '../errors.js';
import { indexLimitError } from './index-limit-error.js';
import { redactMessage } from './redact-message.js';
import { isPackageError, replaceCause, sanitizeErrorChain } from './sanitize-error-chain.js';
import { stackFrames } from './sanitized-error.js';
import type { SqlLogger } from '../sql-logger.js';
import { type StatementPayload, statementPayload } from './statement-payload.js';

/** The bound of a message built from a database error. */
const MESSAGE_LENGTH = 300;
const SERVER_MESSAGE_LENGTH = 200;

/**
 * Operations that run the caller's own callback: an error of the callback that is neither the
 * database's nor ours is the caller's, and comes back to it unchanged.
 */
const CALLBACK_OPERATIONS: ReadonlySet<string> = new Set(['withEntityContext', 'withIsolationContext']);

/**
 * What leaves the adapter when `operation` failed with `err`: always an {@link ElizaSqlError} with
 * `operation` set (the outermost public call wins), a short message and a `cause` chain with no
 * statement text and no bound values. Database, driver and resilience-policy errors get the code of
 * their SQLSTATE class (see `classifyDatabaseError`); an error the facade or another eliza-sql package
 * raised keeps its code (the package's error becomes the `cause`); any
 * other error is INTERNAL_ERROR (except a callback's own error, see `withIsolationContext`). When a
 * database error is mapped, `logger` gets one debug line with the statement, values redacted.
 */
export function toPublicError(err: unknown, operation: string, logger?: SqlLogger): unknown {
  const payload = statementPayload(err);
  if (err instanceof ElizaSqlError) {
    // The outermost call names the operation, except around a callback: there the adapter call that
    // failed inside it (createMemory in withEntityContext) says more.
    if (!(CALLBACK_OPERATIONS.has(operation) && err.operation !== undefined)) err.operation = operation;
    const cause = err.cause;
    if (cause !== undefined) replaceCause(err, sanitizeErrorChain(cause, payload));
    return err;
  }
  const mapped =
    indexLimitError(err) ??
    (isPackageError(err)
      ? new ElizaSqlError(err.code, redactMessage(err.message, payload, 2_000))
      : undefined) ??
    fromDatabase(err, payload);
  if (mapped) {
    if (logger && payload.statement !== undefined) {
      logger.debug('Failed statement (values redacted)', {
        operation,
        code: mapped.code,
        sqlstate: mapped.sqlstate,
        ...describeStatement(payload),
      });
    }
  } else if (CALLBACK_OPERATIONS.has(operation)) {
    return err;
  }
  const error =
    mapped ??
    new ElizaSqlError(
      'INTERNAL_ERROR',
      `unexpected error: ${redactMessage(messageOf(err), payload, SERVER_MESSAGE_LENGTH)}`,
    );
  error.operation = operation;
  replaceCause(error, sanitizeErrorChain(err, payload));
  const frames = stackFrames(
    typeof (err as { stack?: unknown })?.stack === 'string' ? (err as Error).stack : '',
  );
  if (frames) error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}

/** The adapter's logger (its `logger` field), for the debug line of a failed statement. */
export function loggerOf(adapter: unknown): SqlLogger | undefined {
  const logger = (adapter as { logger?: Partial<SqlLogger> } | null | undefined)?.logger;
  return typeof logger?.debug === 'function' ? (logger as SqlLogger) : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The typed error for a database / driver / policy failure; undefined for any other error. */
function fromDatabase(err: unknown, payload: StatementPayload): ElizaSqlError | undefined {
  const found = classifyDatabaseError(err);
  if (!found) return undefined;
  const names = [
    found.sqlstate && `SQLSTATE ${found.sqlstate}`,
    found.constraint && `constraint "${found.constraint}"`,
    found.table && `table "${found.table}"`,
    found.column && `column "${found.column}"`,
  ].filter(Boolean);
  const said = redactMessage(messageOf(found.source), payload, SERVER_MESSAGE_LENGTH);
  const full = `${found.summary}${names.length > 0 ? ` (${names.join(', ')})` : ''}${said ? `: ${said}` : ''}`;
  return new ElizaSqlError(
    found.code,
    full.length > MESSAGE_LENGTH ? `${full.slice(0, MESSAGE_LENGTH - 1)}…` : full,
    { sqlstate: found.sqlstate, constraint: found.constraint, table: found.table, column: found.column },
  );
}
