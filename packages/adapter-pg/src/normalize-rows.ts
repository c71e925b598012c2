import { parseArrayText, parseTimestampText, type Row } from '@eliza-sql/core-schema/driver';

/** A result column as postgres.js describes it: name and type OID. */
export interface ColumnType {
  readonly name: string;
  readonly type: number;
}

const text = (value: string): string => value;
const number = (value: string): number => Number(value);
const bool = (value: string): boolean => value === 't';
const array =
  (element: (value: string) => unknown) =>
  (literal: string): unknown =>
    parseArrayText(literal, element);

const parseJson = (value: string): unknown => JSON.parse(value);

/** Array types by OID, each with its element parser. */
const ARRAY_CONVERTERS: ReadonlyArray<readonly [number, (text: string) => unknown]> = [
  [1000, array(bool)], // bool[]
  [1005, array(number)], // int2[]
  [1007, array(number)], // int4[]
  [1028, array(number)], // oid[]
  [1021, array(number)], // float4[]
  [1022, array(number)], // float8[]
  [1016, array(text)], // int8[]
  [1231, array(text)], // numeric[]
  [1009, array(text)], // text[]
  [1015, array(text)], // varchar[]
  [1014, array(text)], // bpchar[]
  [1002, array(text)], // char[]
  [1003, array(text)], // name[]
  [2951, array(text)], // uuid[]
  [199, array(parseJson)], // json[]
  [3807, array(parseJson)], // jsonb[]
  [1115, array(parseTimestampText)], // timestamp[]
  [1185, array(parseTimestampText)], // timestamptz[]
  [1182, array(parseTimestampText)], // date[]
];

/**
 * Converters by type OID for values that reach us as text. postgres.js parses json/jsonb and numbers
 * itself and leaves int8/numeric as strings; drizzle-orm's postgres-js driver turns its date parsers into
 * the identity, so dates are converted here. postgres.js's own array parsers (`fetch_types`) mishandle
 * NULL elements, so arrays are parsed by ours: on the client ({@link arrayParsers}) for most types, here
 * for the array types drizzle-orm makes the client leave as text.
 */
const CONVERTERS: ReadonlyMap<number, (text: string) => unknown> = new Map<number, (text: string) => unknown>(
  [
    [1114, parseTimestampText], // timestamp
    [1184, parseTimestampText], // timestamptz
    [1082, parseTimestampText], // date
    ...ARRAY_CONVERTERS,
  ],
);

/**
 * Array types drizzle-orm's postgres-js driver wants as text: it makes their parsers the identity and
 * maps each element from its text form (a `Date` element would break its timestamp mapping).
 */
const DRIZZLE_TEXT_ARRAYS: ReadonlySet<number> = new Set([1115, 1185, 1182, 1231]);

/**
 * Parsers to install on the postgres.js client for every other array type, so drizzle-orm receives
 * arrays and never parses a literal itself: its parser deletes every backslash of an element. Raw rows
 * get the same values ({@link normalizeRows} converts only what is still text).
 */
export function arrayParsers(): Record<number, (text: string) => unknown> {
  const parsers: Record<number, (text: string) => unknown> = {};
  for (const [oid, convert] of ARRAY_CONVERTERS) {
    if (!DRIZZLE_TEXT_ARRAYS.has(oid)) parsers[oid] = convert;
  }
  return parsers;
}

/** Rewrites, in place, the values of columns whose type needs converting; returns the same rows. */
export function normalizeRows<R extends Row>(rows: R[], columns: readonly ColumnType[] | undefined): R[] {
  if (!columns || rows.length === 0) return rows;
  const targets = columns.flatMap((column) => {
    const convert = CONVERTERS.get(column.type);
    return convert ? [{ name: column.name, convert }] : [];
  });
  if (targets.length === 0) return rows;
  for (const row of rows) {
    const record = row as Row;
    for (const { name, convert } of targets) {
      const value = record[name];
      if (typeof value === 'string') record[name] = convert(value);
    }
  }
  return rows;
}

/** Parameter values postgres.js cannot send once drizzle has replaced its serializers, made explicit. */
export function serializeParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    return JSON.stringify(value);
  }
  return value;
}
