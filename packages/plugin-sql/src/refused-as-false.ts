import { errorMessage, type SqlLogger } from './sql-logger.js';
import { isConstraintViolation, pgErrorCode } from './stores/store-values.js';

/**
 * For the interface methods that answer `false` when the database refuses a write (a referenced row
 * missing, a duplicate: SQLSTATE 23503 / 23505), as the reference does: runs `call`, and turns only
 * such a refusal into `false`, logged once as a warning with its cause. Every other error propagates.
 */
export async function refusedAsFalse(
  logger: SqlLogger,
  method: string,
  call: () => Promise<boolean>,
): Promise<boolean> {
  try {
    return await call();
  } catch (err) {
    if (!isConstraintViolation(err)) throw err;
    logger.warn(`${method}: the database refused the write, returning false`, {
      code: pgErrorCode(err),
      error: errorMessage(err),
    });
    return false;
  }
}
