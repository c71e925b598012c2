/** The first row a lookup returns, mapped to its record, or null when it returns none. */
export async function firstRow<Row, T>(rows: PromiseLike<Row[]>, map: (row: Row) => T): Promise<T | null> {
  const [row] = await rows;
  return row === undefined ? null : map(row);
}
