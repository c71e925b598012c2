import { indexLimitError } from '../index-limit-error.js';

/**
 * What leaves the adapter when `operation` failed with `err`. Every public method's failure passes
 * through here once (an error already converted comes back unchanged).
 */
export function toPublicError(err: unknown, _operation: string): unknown {
  return indexLimitError(err) ?? err;
}
