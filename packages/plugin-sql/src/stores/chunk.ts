import type { SqlExecutor } from '@eliza-sql/core-schema/driver';

/**
 * Bind parameters one statement may carry on every backend. PostgreSQL's protocol allows 65,535, but
 * PGlite 0.3 fails from 32,768 on ("RangeError: Invalid array length"), so batch paths use the lower bound.
 */
export const MAX_STATEMENT_PARAMETERS = 32_767;

/**
 * Splits `rows` so one statement binds at most {@link MAX_STATEMENT_PARAMETERS}: `paramsPerRow` for each
 * row plus `reserved` for the rest of the statement (filters beside an IN list, ...).
 */
export function chunkRows<T>(rows: readonly T[], paramsPerRow: number, reserved = 2): T[][] {
  const size = Math.max(1, Math.floor((MAX_STATEMENT_PARAMETERS - reserved) / Math.max(1, paramsPerRow)));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * Runs `write` for each chunk, atomically: one chunk is one statement, atomic by itself (no
 * transaction, so one round trip instead of three); more run in one transaction.
 */
export async function writeChunks<T>(
  ex: SqlExecutor,
  chunks: readonly T[][],
  write: (on: SqlExecutor, chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const writeAll = async (on: SqlExecutor): Promise<void> => {
    for (const chunk of chunks) await write(on, chunk);
  };
  await (chunks.length === 1 ? writeAll(ex) : ex.transaction(writeAll));
}
