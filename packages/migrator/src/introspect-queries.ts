/**
 * The catalog queries of {@link introspect}: one per catalog, each returning one row with a JSON array
 * (so rows look the same on every backend). `$SCHEMAS` is replaced by a quoted list of schema names.
 */

export const TABLES_QUERY = `
SELECT coalesce(json_agg(json_build_object('schema', n.nspname, 'name', c.relname)), '[]'::json) AS data
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname IN ($SCHEMAS)`;

export const COLUMNS_QUERY = `
SELECT coalesce(json_agg(json_build_object(
  'schema', n.nspname, 'table', c.relname, 'name', a.attname, 'num', a.attnum,
  'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull,
  'default', pg_get_expr(d.adbin, d.adrelid), 'identity', a.attidentity, 'generated', a.attgenerated,
  'enumSchema', CASE WHEN t.typtype = 'e' THEN tn.nspname WHEN et.typtype = 'e' THEN etn.nspname END,
  'enumName', CASE WHEN t.typtype = 'e' THEN t.typname WHEN et.typtype = 'e' THEN et.typname END,
  'enumArray', et.typtype = 'e'
) ORDER BY n.nspname, c.relname, a.attnum), '[]'::json) AS data
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND n.nspname IN ($SCHEMAS) AND a.attnum > 0 AND NOT a.attisdropped`;

export const CONSTRAINTS_QUERY = `
SELECT coalesce(json_agg(json_build_object(
  'schema', n.nspname, 'table', c.relname, 'name', co.conname, 'type', co.contype,
  'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(co.conkey) WITH ORDINALITY k(num, ord)
              JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.num),
  'refSchema', rn.nspname, 'refTable', rc.relname,
  'refColumns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(co.confkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.num),
  'onDelete', co.confdeltype, 'onUpdate', co.confupdtype,
  'definition', pg_get_constraintdef(co.oid),
  'nullsNotDistinct', co.contype = 'u' AND pg_get_constraintdef(co.oid) LIKE 'UNIQUE NULLS NOT DISTINCT%'
) ORDER BY co.conname), '[]'::json) AS data
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = co.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname IN ($SCHEMAS) AND co.contype IN ('p', 'u', 'f', 'c')`;

export const INDEXES_QUERY = `
SELECT coalesce(json_agg(json_build_object(
  'schema', n.nspname, 'table', c.relname, 'name', ic.relname, 'unique', i.indisunique,
  'method', am.amname, 'where', pg_get_expr(i.indpred, i.indrelid), 'options', ic.reloptions,
  'keys', (SELECT json_agg(json_build_object(
              'expression', pg_get_indexdef(i.indexrelid, k.ord::int, true),
              'isExpression', k.attnum = 0,
              'opclass', oc.opcname,
              'option', i.indoption[k.ord - 1]) ORDER BY k.ord)
           FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
           LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[k.ord - 1]
           WHERE k.ord <= i.indnkeyatts)
) ORDER BY ic.relname), '[]'::json) AS data
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname IN ($SCHEMAS)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))`;

export const ENUMS_QUERY = `
SELECT coalesce(json_agg(json_build_object(
  'schema', n.nspname, 'name', t.typname,
  'values', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
)), '[]'::json) AS data
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname IN ($SCHEMAS)`;

export const EXTENSIONS_QUERY = `SELECT coalesce(json_agg(extname ORDER BY extname), '[]'::json) AS data FROM pg_extension`;

export const SCHEMAS_QUERY = `
SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]'::json) AS data FROM pg_namespace WHERE nspname IN ($SCHEMAS)`;
