/**
 * Values for the round-trip properties: strings built from the pieces that break escaping (quotes,
 * backslashes, braces, commas, `NULL`, JSON look-alikes, SQL and jsonb operators, whitespace, U+FEFF,
 * astral characters, emoji) mixed with arbitrary code points, and JSON values made of them.
 */
import fc from 'fast-check';

/** Pieces that have broken a text or array encoding somewhere, or plausibly could. */
const TRICKY_PIECES = [
  '\\',
  '\\\\',
  '\\x00',
  '\\u0000',
  '\\n',
  '"',
  '""',
  "'",
  '{',
  '}',
  '{}',
  '[',
  ']',
  '[]',
  ',',
  'NULL',
  'null',
  'true',
  '123',
  '-0',
  '1e999',
  '"x"',
  '$1',
  '$$',
  '->>',
  '@>',
  '::',
  '%',
  '_',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\ufffe',
  '\ufffd',
  'é',
  'e\u0301',
  'ß',
  'İ',
  '中文',
  '😀',
  '👩‍👩‍👧',
  '🇫🇷',
  '𝄞',
  '\u{10ffff}',
  '\u0001',
  '\u007f',
] as const;

/** One piece of a storable string: a tricky piece, or any code point except NUL (never a lone surrogate). */
const storableUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_PIECES) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
);

/** A short storable string, empty included. */
export const shortText: fc.Arbitrary<string> = fc.string({ unit: storableUnit, maxLength: 12 });

/** A storable string: mostly short, sometimes thousands of code points long. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: shortText },
  { weight: 1, arbitrary: fc.string({ unit: storableUnit, minLength: 500, maxLength: 4000 }) },
);

/** The first code points of `value` that fit in `bytes` bytes of UTF-8. */
function truncateUtf8(value: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const codePoint of value) {
    used += Buffer.byteLength(codePoint, 'utf8');
    if (used > bytes) break;
    out += codePoint;
  }
  return out;
}

/**
 * A storable string for an indexed column (cache key, component type, log type): a btree entry holds
 * at most about 2,700 bytes, so these stay within 2,000 bytes of UTF-8 ({@link tooLargeToIndex} is
 * the other side).
 */
export const indexableText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: shortText },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: storableUnit, minLength: 100, maxLength: 600 })
      .map((value) => truncateUtf8(value, 2000)),
  },
);

/** A non-empty {@link indexableText}. */
export const nonEmptyIndexableText: fc.Arbitrary<string> = indexableText.filter((value) => value.length > 0);

/** Text too large for a btree entry even compressed: 6,000 to 8,000 random hexadecimal digits. */
export const tooLargeToIndex: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 3000, maxLength: 4000 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));

/** A storable, non-empty string (for the few fields that require one). */
export const nonEmptyText: fc.Arbitrary<string> = text.filter((value) => value.length > 0);

/** A list of storable strings, for `text[]` columns. */
export const textList: fc.Arbitrary<string[]> = fc.array(text, { maxLength: 6 });

/** Any JSON value (numbers include -0 and extreme doubles; strings include JSON look-alikes). */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ stringUnit: storableUnit, maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('null', '123', '"123"', '{}', '[]', 'true', '', '-0', 'NaN') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      -0,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      -Number.MAX_VALUE,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      Number.EPSILON,
      0.1 + 0.2,
      1e21,
      1e-7,
      123456789.12345679,
    ),
  },
);

/** A JSON object with arbitrary keys and values (metadata, data, body, settings...). */
export const jsonObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(shortText, jsonValue, {
  maxKeys: 6,
});

/** What makes a string unstorable in PostgreSQL text/jsonb: NUL, or a lone UTF-16 surrogate. */
const unstorablePiece = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff');

/** A string PostgreSQL cannot store: storable text with NUL or a lone surrogate somewhere in it. */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(shortText, unstorablePiece, shortText)
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/** A text list with one unstorable element among storable ones. */
export const unstorableTextList: fc.Arbitrary<string[]> = fc
  .tuple(textList, unstorableText, fc.nat())
  .map(([list, bad, at]) => {
    const copy = [...list];
    copy.splice(at % (copy.length + 1), 0, bad);
    return copy;
  });

/** A JSON object holding an unstorable string somewhere: as a value or a key, at the top or nested. */
export const unstorableJsonObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(jsonObject, unstorableText, fc.constantFrom('value', 'key', 'nested value', 'nested key'))
  .map(([base, bad, where]) => {
    switch (where) {
      case 'value':
        return { ...base, bad };
      case 'key':
        return { ...base, [bad]: 1 };
      case 'nested value':
        return { ...base, nested: [{ deeper: bad }] };
      default:
        return { ...base, nested: { [bad]: [true] } };
    }
  });

/** Any JSON value holding an unstorable string (itself one, or inside an object). */
export const unstorableJsonValue: fc.Arbitrary<unknown> = fc.oneof(unstorableText, unstorableJsonObject);

/**
 * What a stored JSON value reads back as: its JSON text parsed (JSON has no -0, so -0 reads back as 0;
 * every finite double keeps its exact value, since jsonb keeps the decimal digits JSON.stringify wrote).
 */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
