import { logger as coreLogger } from '@elizaos/core';
import { ElizaSqlError } from './errors.js';
import { redactMessage } from './error-mapping/redact-message.js';
import { isDrizzleQueryError, ownSqlstate } from './error-mapping/sanitize-error-chain.js';
import { statementPayload } from './error-mapping/statement-payload.js';

/** Where the plugin's log lines go (the migrator's logger has the same shape). */
export interface SqlLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** The elizaOS logger, tagged `src: 'plugin:sql'` like the reference's lines. */
export function createCoreSqlLogger(): SqlLogger {
  const tag = (data?: Record<string, unknown>) => ({ src: 'plugin:sql', ...data });
  return {
    debug: (message, data) => coreLogger.debug(tag(data), message),
    info: (message, data) => coreLogger.info(tag(data), message),
    warn: (message, data) => coreLogger.warn(tag(data), message),
    error: (message, data) => coreLogger.error(tag(data), message),
  };
}

/** A logger that drops everything. */
export const silentSqlLogger: SqlLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Log messages of driver errors are cut to this length. */
const LOGGED_MESSAGE_LENGTH = 300;

/**
 * The message of an unknown thrown value, for log data, without statement text or bound values:
 * an {@link ElizaSqlError}'s own message; for a driver's error, the database's message (not
 * Drizzle's "Failed query: … params: …") with the call's values and quoted values cut.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ElizaSqlError) return err.message;
  const payload = statementPayload(err);
  let current: unknown = err;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    if (!isDrizzleQueryError(current)) break;
    current = (current as { cause?: unknown }).cause;
  }
  const message = current instanceof Error ? current.message : String(current);
  const sqlstate = typeof current === 'object' && current !== null ? ownSqlstate(current) : undefined;
  const text = redactMessage(message, payload, LOGGED_MESSAGE_LENGTH);
  return sqlstate ? `${text} (SQLSTATE ${sqlstate})` : text;
}
