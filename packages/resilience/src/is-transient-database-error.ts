import { errorChain } from './error-chain.js';
import {
  isSqlState,
  isTransientSqlState,
  TRANSIENT_DRIVER_CODES,
  TRANSIENT_SOCKET_CODES,
} from './error-codes.js';

/**
 * True when `err` says the database was unreachable, overloaded or briefly unable to serve, so the
 * same call may succeed later: SQLSTATE class 08 and 40001, 40P01, 53300, 55P03, 57P01, 57P02, 57P03;
 * postgres.js's `CONNECT_TIMEOUT`, `CONNECTION_CLOSED`, `CONNECTION_DESTROYED`, `CONNECTION_ENDED`;
 * Node socket/DNS codes (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `EPIPE`, `ENOTFOUND`, `EAI_AGAIN`, ...).
 *
 * Looks at `err.code`, then down the `cause` chain (and `AggregateError.errors`), at most 10 errors
 * deep, so a Drizzle `DrizzleQueryError` or a `fetch failed` TypeError is classified by what it wraps.
 * The first SQLSTATE met decides (the server answered). Everything else is permanent: constraint
 * violations (23xxx), invalid input (22P02), syntax errors (42601), data exceptions (22000, e.g. a
 * pgvector dimension mismatch), query cancellation (57014) and any unknown error.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  for (const { code } of errorChain(err)) {
    if (code === undefined) continue;
    if (TRANSIENT_SOCKET_CODES.has(code) || TRANSIENT_DRIVER_CODES.has(code)) return true;
    if (isSqlState(code)) return isTransientSqlState(code);
  }
  return false;
}
