/**
 * SQLSTATEs that mean "the database is (momentarily) unhealthy or busy", not "the statement is wrong".
 * Class 08 (connection exception) is matched by prefix; see {@link isTransientSqlState}.
 */
export const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/** SQLSTATEs raised only while a connection is being established: the statement never ran. */
export const CONNECT_SQLSTATES: ReadonlySet<string> = new Set([
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '53300', // too_many_connections (checked at connection start-up)
  '57P03', // cannot_connect_now (server starting up / shutting down / in recovery)
]);

/**
 * postgres.js's own error codes (src/connection.js, src/index.js) for a lost or unusable connection.
 * `CONNECTION_CLOSED` / `CONNECTION_DESTROYED` may hit a query that was already sent.
 */
export const TRANSIENT_DRIVER_CODES: ReadonlySet<string> = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
]);

/** postgres.js codes raised before the query was written to a socket. */
export const CONNECT_DRIVER_CODES: ReadonlySet<string> = new Set(['CONNECT_TIMEOUT', 'CONNECTION_ENDED']);

/** Node socket / DNS error codes (and undici's connect timeout, for `fetch`). */
export const TRANSIENT_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Socket codes that can only come from opening a connection (name lookup or TCP connect). */
export const CONNECT_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Node's `syscall` values of a failed connection attempt (e.g. `ETIMEDOUT` with `syscall: 'connect'`). */
export const CONNECT_SYSCALLS: ReadonlySet<string> = new Set(['connect', 'getaddrinfo', 'lookup']);

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/** True when `code` has the shape of a SQLSTATE: the server answered, so its class decides. */
export function isSqlState(code: string): boolean {
  return SQLSTATE_PATTERN.test(code);
}

/** True for class 08 and the listed transient SQLSTATEs. */
export function isTransientSqlState(code: string): boolean {
  return code.startsWith('08') || TRANSIENT_SQLSTATES.has(code);
}
