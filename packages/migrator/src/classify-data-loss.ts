/** Which statements can lose data (blocked unless forced) and which merely might fail (warnings). */
import { statementToSql } from './to-sql.js';
import type { MigrationStatement } from './types.js';

/** Result of {@link classifyDataLoss}. */
export interface DataLossReport {
  readonly hasDataLoss: boolean;
  /** The destructive statements, with why. */
  readonly destructive: readonly {
    readonly statement: MigrationStatement;
    readonly sql: string;
    readonly reason: string;
  }[];
  /** Human-readable notes (destructive reasons first, then statements that may fail on existing data). */
  readonly warnings: readonly string[];
}

const WIDENINGS: Record<string, readonly string[]> = {
  smallint: ['integer', 'bigint', 'numeric', 'real', 'double precision', 'text'],
  integer: ['bigint', 'numeric', 'double precision', 'text'],
  bigint: ['numeric', 'text'],
  real: ['double precision', 'text'],
  'character varying': ['text'],
  character: ['text', 'character varying'],
  uuid: ['text'],
  boolean: ['text'],
  json: ['jsonb', 'text'],
  'timestamp without time zone': ['timestamp with time zone'],
  serial: ['integer', 'bigint', 'bigserial'],
};

function length(type: string): number | null {
  const m = /^character varying\((\d+)\)$/.exec(type);
  return m ? Number(m[1]) : null;
}

/** Whether changing a column from `from` to `to` keeps every value exactly. */
export function isSafeTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  const lf = length(from);
  if (lf !== null) {
    const lt = length(to);
    return to === 'text' || to === 'character varying' || (lt !== null && lt >= lf);
  }
  return (WIDENINGS[from] ?? []).includes(to);
}

function reasonFor(s: MigrationStatement): string | null {
  switch (s.kind) {
    case 'drop_table':
      return `drops table ${s.schema}.${s.table} and all its rows`;
    case 'drop_column':
      return `drops column ${s.schema}.${s.table}.${s.column} and its values`;
    case 'alter_column_type':
      return isSafeTypeChange(s.from, s.to)
        ? null
        : `changes ${s.schema}.${s.table}.${s.column} from ${s.from} to ${s.to}, which may lose or reject values`;
    case 'drop_primary_key':
      return `drops primary key ${s.name} of ${s.schema}.${s.table}`;
    case 'drop_constraint':
      return s.constraint === 'unique' ? `drops unique constraint ${s.name} of ${s.schema}.${s.table}` : null;
    default:
      return null;
  }
}

function riskFor(s: MigrationStatement): string | null {
  if (s.kind === 'set_not_null')
    return `${s.schema}.${s.table}.${s.column} becomes NOT NULL: fails if it holds nulls`;
  if (
    s.kind === 'add_column' &&
    s.column.notNull &&
    s.column.default === null &&
    !/serial$/.test(s.column.type)
  ) {
    return `${s.schema}.${s.table}.${s.column.name} is added NOT NULL without a default: fails if the table has rows`;
  }
  if (s.kind === 'add_unique')
    return `unique constraint ${s.unique.name} fails if ${s.schema}.${s.table} has duplicates`;
  return null;
}

/** Classifies each statement: destructive (data loss) or risky (may fail, rolled back atomically). */
export function classifyDataLoss(statements: readonly MigrationStatement[]): DataLossReport {
  const destructive: { statement: MigrationStatement; sql: string; reason: string }[] = [];
  const risks: string[] = [];
  for (const statement of statements) {
    const reason = reasonFor(statement);
    if (reason) destructive.push({ statement, sql: statementToSql(statement), reason });
    const risk = riskFor(statement);
    if (risk) risks.push(risk);
  }
  return {
    hasDataLoss: destructive.length > 0,
    destructive,
    warnings: [...destructive.map((d) => d.reason), ...risks],
  };
}

/** Whether one statement is destructive. */
export function isDestructive(statement: MigrationStatement): boolean {
  return reasonFor(statement) !== null;
}
