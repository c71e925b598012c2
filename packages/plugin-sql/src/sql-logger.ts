import { logger as coreLogger } from '@elizaos/core';

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

/** The message of an unknown thrown value, for log data. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
