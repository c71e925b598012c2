import { type SQL, sql } from 'drizzle-orm';

/** A statement from raw SQL text pieces and bound values, in order: `sqlWithParams('a = ', 1, ' AND b')`. */
export function sqlWithParams(...parts: ReadonlyArray<string | { readonly param: unknown }>): SQL {
  return sql.join(
    parts.map((part) => (typeof part === 'string' ? sql.raw(part) : sql`${part.param}`)),
    sql.raw(''),
  );
}
