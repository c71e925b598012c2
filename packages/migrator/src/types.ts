/**
 * The migrator's data shapes: the snapshot (a JSON-serialisable description of a schema, produced both
 * from a Drizzle schema object and from a live database), the statement union the diff produces, and
 * the executor it runs on.
 */
import type { SQL } from 'drizzle-orm';

/** Snapshot format version (bump when the shape changes incompatibly). */
export const SNAPSHOT_VERSION = 1;

/** One column. `type` is canonical PostgreSQL text (`format_type` form, enums as `"schema"."name"`). */
export interface ColumnSnapshot {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** SQL text of the default expression, or null. */
  readonly default: string | null;
  /** `GENERATED ALWAYS|BY DEFAULT AS IDENTITY` (absent when not an identity column). */
  readonly identity?: 'always' | 'by default';
  /** Expression of a `GENERATED ALWAYS AS (...) STORED` column (absent otherwise). */
  readonly generated?: string;
}

export interface PrimaryKeySnapshot {
  /** Constraint name; null means "PostgreSQL's default" (`<table>_pkey`). Never compared. */
  readonly name: string | null;
  readonly columns: readonly string[];
}

export interface UniqueSnapshot {
  readonly name: string;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeySnapshot {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refSchema: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface CheckSnapshot {
  readonly name: string;
  /** The boolean expression, without `CHECK (...)`. */
  readonly expression: string;
}

/** One key of an index: a column or an expression, with an optional operator class and ordering. */
export interface IndexKeySnapshot {
  /** A column name (when `isExpression` is false) or SQL expression text. */
  readonly expression: string;
  readonly isExpression: boolean;
  readonly opclass: string | null;
  readonly order: 'asc' | 'desc';
  readonly nulls: 'first' | 'last' | null;
}

export interface IndexSnapshot {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: btree, hash, gin, gist, hnsw, ivfflat, ... */
  readonly method: string;
  readonly keys: readonly IndexKeySnapshot[];
  /** Partial-index predicate SQL, or null. */
  readonly where: string | null;
  /** Storage parameters (`WITH (...)`), e.g. `{ m: '16' }`. */
  readonly with: Readonly<Record<string, string>>;
}

export interface TableSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnSnapshot>>;
  readonly primaryKey: PrimaryKeySnapshot | null;
  readonly uniques: Readonly<Record<string, UniqueSnapshot>>;
  readonly foreignKeys: Readonly<Record<string, ForeignKeySnapshot>>;
  readonly checks: Readonly<Record<string, CheckSnapshot>>;
  readonly indexes: Readonly<Record<string, IndexSnapshot>>;
}

export interface EnumSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/** A whole schema: versioned, JSON-serialisable, keyed `schema.name`. */
export interface SchemaSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly dialect: 'postgresql';
  /** Non-`public` schemas the tables and enums live in, sorted. */
  readonly schemas: readonly string[];
  /** Extensions the schema needs (`vector`, `fuzzystrmatch`, ...), sorted. */
  readonly extensions: readonly string[];
  readonly enums: Readonly<Record<string, EnumSnapshot>>;
  readonly tables: Readonly<Record<string, TableSnapshot>>;
}

/** A reference to a table. */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

/** The statement kinds the diff produces; each has one pure converter to SQL. */
export type MigrationStatement =
  | { readonly kind: 'create_schema'; readonly schema: string }
  | { readonly kind: 'create_extension'; readonly extension: string }
  | { readonly kind: 'create_enum'; readonly enum: EnumSnapshot }
  | {
      readonly kind: 'add_enum_value';
      readonly schema: string;
      readonly name: string;
      readonly value: string;
    }
  | { readonly kind: 'create_table'; readonly table: TableSnapshot }
  | { readonly kind: 'drop_table'; readonly schema: string; readonly table: string }
  | { readonly kind: 'rename_table'; readonly schema: string; readonly from: string; readonly to: string }
  | ({ readonly kind: 'rename_column'; readonly from: string; readonly to: string } & TableRef)
  | ({ readonly kind: 'add_column'; readonly column: ColumnSnapshot } & TableRef)
  | ({ readonly kind: 'drop_column'; readonly column: string } & TableRef)
  | ({
      readonly kind: 'alter_column_type';
      readonly column: string;
      readonly from: string;
      readonly to: string;
    } & TableRef)
  | ({ readonly kind: 'set_default'; readonly column: string; readonly default: string } & TableRef)
  | ({ readonly kind: 'drop_default'; readonly column: string } & TableRef)
  | ({ readonly kind: 'set_not_null'; readonly column: string } & TableRef)
  | ({ readonly kind: 'drop_not_null'; readonly column: string } & TableRef)
  | ({ readonly kind: 'add_primary_key'; readonly primaryKey: PrimaryKeySnapshot } & TableRef)
  | ({ readonly kind: 'drop_primary_key'; readonly name: string } & TableRef)
  | ({ readonly kind: 'add_unique'; readonly unique: UniqueSnapshot } & TableRef)
  | ({ readonly kind: 'add_foreign_key'; readonly foreignKey: ForeignKeySnapshot } & TableRef)
  | ({ readonly kind: 'add_check'; readonly check: CheckSnapshot } & TableRef)
  | ({
      readonly kind: 'drop_constraint';
      readonly name: string;
      readonly constraint: 'unique' | 'foreign_key' | 'check';
    } & TableRef)
  | ({ readonly kind: 'create_index'; readonly index: IndexSnapshot } & TableRef)
  | { readonly kind: 'drop_index'; readonly schema: string; readonly name: string };

export type MigrationStatementKind = MigrationStatement['kind'];

/** Something a statement runs on: a pool or an open transaction. */
export interface SqlExecutorLike {
  query<R extends Record<string, unknown> = Record<string, unknown>>(statement: SQL | string): Promise<R[]>;
}

/**
 * What the migrator needs from a backend: structurally the subset of `DatabaseDriver`
 * (`@eliza-sql/core-schema/driver`) it uses, declared here so the migrator stands alone.
 */
export interface MigrationExecutor extends SqlExecutorLike {
  transaction<T>(fn: (tx: SqlExecutorLike) => Promise<T>): Promise<T>;
  /** A transaction holding an exclusive lock on `key` until it ends (transaction-scoped advisory lock). */
  withLock<T>(key: string, fn: (tx: SqlExecutorLike) => Promise<T>): Promise<T>;
}

/** Where log lines go; every method optional in effect (default: silent). */
export interface MigratorLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  debug(message: string, data?: Record<string, unknown>): void;
}

/** A declared rename: never guessed. Table rename when `column` is absent, column rename otherwise. */
export interface RenameDeclaration {
  /** Schema of the table (default `public`). */
  readonly schema?: string;
  /** For a table rename: the old and new table names. For a column rename: the table (new name). */
  readonly table: string;
  readonly from: string;
  readonly to: string;
  /** `'column'` renames a column of `table`; `'table'` (default) renames the table. */
  readonly kind?: 'table' | 'column';
}
