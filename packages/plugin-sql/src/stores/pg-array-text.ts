/**
 * PostgreSQL array literals (`{a,b,NULL}`) built as one text parameter: a batch binds one parameter per
 * column (`$1::uuid[]`, unnested server-side) instead of one per value, so statements are not bounded by
 * the bind-parameter limit and the server parses one array instead of a VALUES list. The literal is
 * bound as text and cast in SQL, which postgres.js and PGlite both pass through unchanged.
 */

/**
 * Elements that need no quoting: validated UUIDs, ISO timestamps, booleans (`t`/`f`). null/undefined
 * become NULL. Never use it for free text.
 */
export function plainArrayText(values: ReadonlyArray<string | null | undefined>): string {
  // join (NULL for null/undefined elements) yields one flat string; `+=` in a loop would leave a rope.
  return `{${values.map((value) => value ?? 'NULL').join(',')}}`;
}

const QUOTED_SPECIALS = /[\\"]/g;

/** One element of any text, double-quoted with `\` and `"` escaped (so `NULL`, braces, commas are literal). */
export function quotedElement(value: string): string {
  return `"${value.replace(QUOTED_SPECIALS, '\\$&')}"`;
}

/** Every element double-quoted ({@link quotedElement}): for JSON, free text, vector literals. */
export function quotedArrayText(values: readonly string[]): string {
  return `{${values.map(quotedElement).join(',')}}`;
}
