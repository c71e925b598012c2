import type { PGlite, ParserOptions } from '@electric-sql/pglite';
import { parseArrayText, parseTimestampText } from '@eliza-sql/core-schema/driver';

type ElementParser = (value: string, typeId: number) => unknown;

/**
 * Sets, on an instance this package owns, the parsers that make PGlite's rows match the contract:
 * int8 as its exact decimal string (PGlite gives a number, or a bigint past 2^53); dates through
 * {@link parseTimestampText} (PGlite's `new Date(text)` misreads years below 100 and historical offsets, and
 * reads `timestamp` in the local zone); every array type through {@link parseArrayText} with its
 * element's parser. Everything else keeps PGlite's parsers (parsed json, numeric as string, ...).
 * They are installed on the instance (not passed per query: PGlite merges per-query parsers into a
 * copy of its whole table on every query); drizzle-orm's per-query overrides still win for its queries.
 */
export async function installRowParsers(pglite: PGlite): Promise<void> {
  const scalar: Record<number, (value: string) => unknown> = {
    20: (value) => value, // int8
    1114: parseTimestampText, // timestamp
    1184: parseTimestampText, // timestamptz
    1082: parseTimestampText, // date
  };
  const arrays = await pglite.query<{ array: number; element: number }>(
    'select typarray::int as array, oid::int as element from pg_type where typarray <> 0',
  );
  const parsers: ParserOptions = pglite.parsers;
  Object.assign(parsers, scalar);
  for (const { array, element } of arrays.rows) {
    const parse: ElementParser = scalar[element] ?? pglite.parsers[element] ?? ((value) => value);
    parsers[array] = (value) => parseArrayText(value, (item) => parse(item, element));
  }
}
