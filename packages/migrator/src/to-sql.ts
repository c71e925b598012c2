/** One pure converter per statement kind: {@link MigrationStatement} → SQL text. */
import { qualify, quoteIdent, quoteLiteral } from './sql-text.js';
import type {
  CheckSnapshot,
  ColumnSnapshot,
  ForeignKeySnapshot,
  IndexSnapshot,
  MigrationStatement,
  MigrationStatementKind,
  UniqueSnapshot,
} from './types.js';

const cols = (names: readonly string[]) => names.map(quoteIdent).join(', ');

function columnDef(c: ColumnSnapshot): string {
  let def = `${quoteIdent(c.name)} ${c.type}`;
  if (c.identity) def += ` GENERATED ${c.identity.toUpperCase()} AS IDENTITY`;
  if (c.generated !== undefined) def += ` GENERATED ALWAYS AS (${c.generated}) STORED`;
  if (c.default !== null) def += ` DEFAULT ${c.default}`;
  if (c.notNull) def += ' NOT NULL';
  return def;
}

const uniqueDef = (u: UniqueSnapshot) =>
  `CONSTRAINT ${quoteIdent(u.name)} UNIQUE${u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${cols(u.columns)})`;
const checkDef = (c: CheckSnapshot) => `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`;
const fkDef = (f: ForeignKeySnapshot) =>
  `CONSTRAINT ${quoteIdent(f.name)} FOREIGN KEY (${cols(f.columns)}) REFERENCES ${qualify(f.refSchema, f.refTable)}` +
  `(${cols(f.refColumns)}) ON DELETE ${f.onDelete.toUpperCase()} ON UPDATE ${f.onUpdate.toUpperCase()}`;

function indexSql(schema: string, table: string, i: IndexSnapshot): string {
  const keys = i.keys.map((k) => {
    let key = k.isExpression ? `(${k.expression})` : quoteIdent(k.expression);
    if (k.opclass) key += ` ${k.opclass}`;
    if (k.order === 'desc') key += ' DESC';
    if (k.nulls) key += ` NULLS ${k.nulls.toUpperCase()}`;
    return key;
  });
  const withEntries = Object.entries(i.with);
  return (
    `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name)} ON ${qualify(schema, table)} USING ${i.method} (${keys.join(', ')})` +
    (withEntries.length ? ` WITH (${withEntries.map(([k, v]) => `${k} = ${v}`).join(', ')})` : '') +
    (i.where ? ` WHERE ${i.where}` : '')
  );
}

type Converters = { [K in MigrationStatementKind]: (s: Extract<MigrationStatement, { kind: K }>) => string };

const alter = (s: { schema: string; table: string }) => `ALTER TABLE ${qualify(s.schema, s.table)}`;

/** The converters, one per kind (the per-kind test table imports it by path). */
export const converters: Converters = {
  create_schema: (s) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s.schema)}`,
  create_extension: (s) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(s.extension)}`,
  create_enum: (s) =>
    `CREATE TYPE ${qualify(s.enum.schema, s.enum.name)} AS ENUM (${s.enum.values.map(quoteLiteral).join(', ')})`,
  add_enum_value: (s) =>
    `ALTER TYPE ${qualify(s.schema, s.name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(s.value)}`,
  create_table: ({ table: t }) => {
    const parts = Object.values(t.columns).map(columnDef);
    if (t.primaryKey) {
      const pk = `PRIMARY KEY (${cols(t.primaryKey.columns)})`;
      parts.push(t.primaryKey.name ? `CONSTRAINT ${quoteIdent(t.primaryKey.name)} ${pk}` : pk);
    }
    for (const u of Object.values(t.uniques)) parts.push(uniqueDef(u));
    for (const c of Object.values(t.checks)) parts.push(checkDef(c));
    return `CREATE TABLE ${qualify(t.schema, t.name)} (\n  ${parts.join(',\n  ')}\n)`;
  },
  drop_table: (s) => `DROP TABLE ${qualify(s.schema, s.table)} CASCADE`,
  rename_table: (s) => `ALTER TABLE ${qualify(s.schema, s.from)} RENAME TO ${quoteIdent(s.to)}`,
  rename_column: (s) => `${alter(s)} RENAME COLUMN ${quoteIdent(s.from)} TO ${quoteIdent(s.to)}`,
  add_column: (s) => `${alter(s)} ADD COLUMN ${columnDef(s.column)}`,
  drop_column: (s) => `${alter(s)} DROP COLUMN ${quoteIdent(s.column)}`,
  alter_column_type: (s) => {
    const to = s.to.replace(
      /^(small|big)?serial$/,
      (m) => ({ smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' })[m] ?? m,
    );
    return `${alter(s)} ALTER COLUMN ${quoteIdent(s.column)} SET DATA TYPE ${to} USING ${quoteIdent(s.column)}::${to}`;
  },
  set_default: (s) => `${alter(s)} ALTER COLUMN ${quoteIdent(s.column)} SET DEFAULT ${s.default}`,
  drop_default: (s) => `${alter(s)} ALTER COLUMN ${quoteIdent(s.column)} DROP DEFAULT`,
  set_not_null: (s) => `${alter(s)} ALTER COLUMN ${quoteIdent(s.column)} SET NOT NULL`,
  drop_not_null: (s) => `${alter(s)} ALTER COLUMN ${quoteIdent(s.column)} DROP NOT NULL`,
  add_primary_key: (s) =>
    `${alter(s)} ADD ${s.primaryKey.name ? `CONSTRAINT ${quoteIdent(s.primaryKey.name)} ` : ''}PRIMARY KEY (${cols(s.primaryKey.columns)})`,
  drop_primary_key: (s) => `${alter(s)} DROP CONSTRAINT ${quoteIdent(s.name)}`,
  add_unique: (s) => `${alter(s)} ADD ${uniqueDef(s.unique)}`,
  add_foreign_key: (s) => `${alter(s)} ADD ${fkDef(s.foreignKey)}`,
  add_check: (s) => `${alter(s)} ADD ${checkDef(s.check)}`,
  drop_constraint: (s) => `${alter(s)} DROP CONSTRAINT ${quoteIdent(s.name)}`,
  create_index: (s) => indexSql(s.schema, s.table, s.index),
  drop_index: (s) => `DROP INDEX ${qualify(s.schema, s.name)}`,
};

/** SQL text of one statement. */
export function statementToSql(statement: MigrationStatement): string {
  const convert = converters[statement.kind] as (s: MigrationStatement) => string;
  return convert(statement);
}

/** SQL text of each statement, in order. */
export function toSql(statements: readonly MigrationStatement[]): string[] {
  return statements.map(statementToSql);
}
