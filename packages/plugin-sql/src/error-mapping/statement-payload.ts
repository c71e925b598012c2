/** What a failed statement carried, as found on the driver's (or Drizzle's) error: never shown as is. */
export interface StatementPayload {
  /** The statement text (`$n` placeholders), when an error of the chain holds it. */
  readonly statement: string | undefined;
  /** The bound values, when an error of the chain holds them. */
  readonly params: readonly unknown[];
}

/** At most this many errors of a `cause` chain are looked at. */
const MAX_CHAIN = 10;

/**
 * The statement and bound values a failed call's error carries: Drizzle's `DrizzleQueryError`
 * (`query`, `params`), postgres.js' `PostgresError` (`query`, `parameters`, not enumerable), PGlite's
 * error (`query`, `params`) and the migrator's `MigrationError` (`statement`), down the `cause` chain.
 */
export function statementPayload(err: unknown): StatementPayload {
  let statement: string | undefined;
  let params: readonly unknown[] | undefined;
  const seen = new Set<object>();
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CHAIN && typeof current === 'object' && current !== null; depth++) {
    if (seen.has(current)) break;
    seen.add(current);
    const link = current as { query?: unknown; statement?: unknown; params?: unknown; parameters?: unknown };
    if (statement === undefined) {
      if (typeof link.query === 'string') statement = link.query;
      else if (typeof link.statement === 'string') statement = link.statement;
    }
    if (params === undefined) {
      if (Array.isArray(link.params)) params = link.params;
      else if (Array.isArray(link.parameters)) params = link.parameters;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return { statement, params: params ?? [] };
}
