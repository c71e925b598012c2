import { schema } from '@eliza-sql/core-schema';
import { Column, is } from 'drizzle-orm';
import { getTableConfig, IndexedColumn, type PgTable } from 'drizzle-orm/pg-core';
import { ElizaSqlError } from '../errors.js';
import { pgErrorCode } from '../stores/store-values.js';

/** SQLSTATE program_limit_exceeded: here, a btree entry over PostgreSQL's per-row limit (~2,700 bytes). */
const PROGRAM_LIMIT_EXCEEDED = '54000';
const INDEX_NAME =
  /index row (?:size \d+ exceeds .*?|requires \d+ bytes, maximum size is \d+) for index "([^"]+)"/;

/** Each core index or primary key by name, with the fields it holds (`table.column` or an expression). */
function indexedFields(): ReadonlyMap<string, string> {
  const byName = new Map<string, string>();
  for (const table of Object.values(schema) as PgTable[]) {
    const config = getTableConfig(table);
    const field = (column: unknown) =>
      is(column, Column) || is(column, IndexedColumn) ? `${config.name}.${column.name}` : 'an expression';
    for (const index of config.indexes) {
      if (index.config.name) byName.set(index.config.name, index.config.columns.map(field).join(', '));
    }
    for (const key of config.primaryKeys) byName.set(key.getName(), key.columns.map(field).join(', '));
  }
  return byName;
}

const CORE_INDEXES = indexedFields();

/**
 * A write refused because an indexed value is too large for PostgreSQL's btree (a multi-kilobyte
 * cache key, component type or log type), as UNSTORABLE_VALUE naming the index and its fields, with
 * the database error as `cause`; undefined for any other error.
 */
export function indexLimitError(err: unknown): ElizaSqlError | undefined {
  if (pgErrorCode(err) !== PROGRAM_LIMIT_EXCEEDED) return undefined;
  const message = messageChain(err);
  const index = INDEX_NAME.exec(message)?.[1];
  if (!index) return undefined;
  const fields = CORE_INDEXES.get(index);
  return new ElizaSqlError(
    'UNSTORABLE_VALUE',
    `a value is too large for index "${index}"${fields ? ` (${fields})` : ''}: PostgreSQL indexes at most about 2,700 bytes per entry, expected a shorter value`,
    { cause: err, sqlstate: PROGRAM_LIMIT_EXCEEDED },
  );
}

/** Every message down the `cause` chain (Drizzle wraps the driver's error). */
function messageChain(err: unknown): string {
  const messages: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages.join('\n');
}
