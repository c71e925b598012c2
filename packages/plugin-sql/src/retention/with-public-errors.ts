import { toPublicError } from '../error-mapping/to-public-error.js';

/**
 * Runs a library call outside the adapter's call boundary with the boundary's error contract: what
 * it throws leaves as an `ElizaSqlError` naming `operation`, without statement text or values.
 */
export async function withPublicErrors<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toPublicError(error, operation);
  }
}
