/** Quoting and canonical-text helpers shared by the snapshot, the introspector and the converters. */

/** Double-quotes an identifier (always, so reserved words and mixed case are safe). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`. */
export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const TYPE_ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  'double precision': 'double precision',
};

/**
 * Canonical form of a built-in type name, as `format_type` prints it:
 * `varchar(20)` → `character varying(20)`, `timestamp(3) with time zone` stays, `numeric(10, 2)` → `numeric(10,2)`.
 */
export function canonicalType(type: string): string {
  // A type from an extension installed in another schema prints qualified (`extensions.vector(384)`).
  let t = type
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(?:"[^"]+"|[a-z_][a-z0-9_]*)\.(?=[a-z_])/, '');
  let arraySuffix = '';
  while (t.endsWith(']')) {
    const open = t.lastIndexOf('[');
    arraySuffix += '[]';
    t = t.slice(0, open).trimEnd();
  }
  t = t
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')');
  const m = /^([a-z_][a-z0-9_ ]*?)(\([0-9,]+\))?( with(out)? time zone)?$/.exec(t);
  if (m) {
    const base = m[1] ?? '';
    const args = m[2] ?? '';
    const zone = m[3] ?? '';
    if ((base === 'timestamp' || base === 'time') && zone) t = `${base}${args}${zone}`;
    else if (base === 'timestamp' || base === 'time') t = `${base}${args} without time zone`;
    else if (base === 'timestamptz') t = `timestamp${args} with time zone`;
    else if (base === 'timetz') t = `time${args} with time zone`;
    else if ((base === 'char' || base === 'character') && !args) t = 'character(1)';
    else t = `${TYPE_ALIASES[base] ?? base}${args}${zone}`;
  }
  return t + arraySuffix;
}

/**
 * A loose canonical form of an SQL expression for comparison only (never executed): PostgreSQL
 * rewrites defaults, checks and index expressions (adds parentheses and `::text` casts, reformats
 * jsonb), so both sides are lower-cased and stripped of whitespace, identifier quotes, casts and
 * parentheses. Two different expressions can collide only if they differ solely in those.
 */
export function normalizeExpression(expression: string | null): string | null {
  if (expression === null) return null;
  let e = expression.toLowerCase().replace(/\s+/g, '');
  e = e.replace(
    /::(?:"[^"]+"\.)?"?[a-z_][a-z0-9_$]*"?(?:\.[a-z_][a-z0-9_$]*)?(?:\(\d+(?:,\d+)?\))?(?:\[\])*/g,
    '',
  );
  e = e.replaceAll('"', '').replace(/[()]/g, '');
  e = e.replace(/'(-?\d+(?:\.\d+)?)'/g, '$1');
  if (e === 'current_timestamp' || e === 'now') return 'now';
  return e;
}
