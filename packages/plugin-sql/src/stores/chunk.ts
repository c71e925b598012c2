/**
 * PostgreSQL's wire protocol allows at most 65,535 bind parameters per statement. Batch paths split
 * their input so that (rows per chunk) × (parameters per row) stays well under it.
 */
export const MAX_BIND_PARAMETERS = 65_535;

/** Splits `items` into chunks of at most `size` (default 5,000: safe for a one-parameter-per-item IN list). */
export function chunk<T>(items: readonly T[], size = 5_000): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
