import type { TestDb } from './backends.js';

/** The shape of the `public` schema as sorted, comparable lines (one fact per line). */
export interface SchemaShape {
  /** `table.column type nullable default`, in column order per table. */
  readonly columns: string[];
  /** `table name def` for every constraint. */
  readonly constraints: string[];
  /** `table name indexdef` for every index. */
  readonly indexes: string[];
  /** `relname relkind` for every relation (tables, indexes, sequences, views...). */
  readonly relations: string[];
}

export async function introspectShape(db: TestDb): Promise<SchemaShape> {
  const columns = await db.query<{ line: string }>(`
    SELECT c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' || c.udt_name || ' '
           || format_type(a.atttypid, a.atttypmod) || ' nullable=' || c.is_nullable
           || ' default=' || coalesce(c.column_default, '<none>') AS line
    FROM information_schema.columns c
    JOIN pg_attribute a
      ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
    WHERE c.table_schema = 'public'
    ORDER BY c.table_name, c.ordinal_position`);
  const constraints = await db.query<{ line: string }>(`
    SELECT cl.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE n.nspname = 'public'
    ORDER BY 1`);
  const indexes = await db.query<{ line: string }>(`
    SELECT tablename || ' ' || indexname || ' ' || indexdef AS line
    FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
  const relations = await db.query<{ line: string }>(`
    SELECT relname || ' ' || relkind::text AS line
    FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1`);
  const lines = (rows: { line: string }[]) => rows.map((row) => normaliseWhitespace(row.line));
  return {
    columns: lines(columns),
    constraints: lines(constraints),
    indexes: lines(indexes),
    relations: lines(relations),
  };
}

/**
 * Collapses runs of whitespace into one space. PostgreSQL deparses CHECK expressions and defaults
 * from their parsed form, so both databases print them identically; `pg_get_constraintdef` prints a
 * CASE over several lines, and this keeps each fact on one line for readable diffs. It is the only
 * textual normalisation the comparison applies.
 */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
