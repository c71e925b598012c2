/** At most this many errors of a `cause` / `AggregateError.errors` chain are inspected. */
export const MAX_ERROR_CHAIN_LENGTH = 10;

/** The `code` (and `syscall`, for Node socket errors) of one error in a chain. */
export interface ErrorChainLink {
  readonly error: object;
  readonly code: string | undefined;
  readonly syscall: string | undefined;
}

/**
 * The error and its causes, outermost first: follows `cause` and the members of an
 * `AggregateError` (Node's happy-eyeballs connect fails with one), breadth first, at most
 * {@link MAX_ERROR_CHAIN_LENGTH} links, each object once (cycles are cut).
 */
export function errorChain(err: unknown): ErrorChainLink[] {
  const links: ErrorChainLink[] = [];
  const seen = new Set<object>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && links.length < MAX_ERROR_CHAIN_LENGTH) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const record = current as { code?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };
    links.push({
      error: current,
      code: typeof record.code === 'string' ? record.code : undefined,
      syscall: typeof record.syscall === 'string' ? record.syscall : undefined,
    });
    if ('cause' in record) queue.push(record.cause);
    if (current instanceof AggregateError && Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return links;
}
