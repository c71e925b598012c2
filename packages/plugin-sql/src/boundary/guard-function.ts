import { toPublicError } from '../error-mapping/to-public-error.js';

/**
 * `fn` with the call boundary's error mapping, for the exported functions that run SQL outside the
 * adapter (the isolation functions): whatever it throws leaves through {@link toPublicError} under
 * `operation`, so it carries no statement text or bound values either.
 */
export function guardFunction<A extends unknown[], R>(
  operation: string,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toPublicError(err, operation);
    }
  };
}
