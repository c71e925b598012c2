import { errorChain } from './error-chain.js';
import {
  CONNECT_DRIVER_CODES,
  CONNECT_SOCKET_CODES,
  CONNECT_SQLSTATES,
  CONNECT_SYSCALLS,
  isSqlState,
  TRANSIENT_DRIVER_CODES,
  TRANSIENT_SOCKET_CODES,
} from './error-codes.js';

/**
 * True when `err` proves the call never reached the server, because no connection could be opened:
 * `ECONNREFUSED`, `ENOTFOUND`, `EAI_AGAIN`, `EHOSTUNREACH`/`ENETUNREACH`, any socket error whose
 * `syscall` is `connect`/`getaddrinfo` (e.g. a TCP-level `ETIMEDOUT`), postgres.js's `CONNECT_TIMEOUT`
 * and `CONNECTION_ENDED` (rejected before sending), and the start-up SQLSTATEs 08001, 08004,
 * 53300 (too_many_connections) and 57P03 (cannot_connect_now).
 *
 * Such a failure is safe to retry even for a non-idempotent write. A reset, a closed connection or a
 * timeout after connecting is NOT a connect failure: the statement may have run.
 */
export function isConnectFailure(err: unknown): boolean {
  for (const { code, syscall } of errorChain(err)) {
    if (code === undefined) continue;
    if (CONNECT_SOCKET_CODES.has(code) || CONNECT_DRIVER_CODES.has(code)) return true;
    if (TRANSIENT_SOCKET_CODES.has(code)) return syscall !== undefined && CONNECT_SYSCALLS.has(syscall);
    if (TRANSIENT_DRIVER_CODES.has(code)) return false;
    if (isSqlState(code)) return CONNECT_SQLSTATES.has(code);
  }
  return false;
}
