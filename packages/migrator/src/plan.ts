/** Planning inside a transaction: introspect the live database and diff it against the desired snapshot. */
import { classifyDataLoss } from './classify-data-loss.js';
import { diffSnapshots } from './diff-snapshots.js';
import { fingerprintSchemas } from './catalog-fingerprint.js';
import { readLiveSchema } from './introspect.js';
import type { JournalState } from './journal.js';
import { NOTHING_OWNED, ownedObjects } from './ownership.js';
import { statementToSql } from './to-sql.js';
import type {
  MigrationStatement,
  MigrationStatementKind,
  RenameDeclaration,
  SchemaSnapshot,
  SqlExecutorLike,
} from './types.js';
import { SNAPSHOT_VERSION } from './types.js';

/** One planned statement. */
export interface PlannedStatement {
  readonly kind: MigrationStatementKind;
  readonly sql: string;
  readonly destructive: boolean;
  readonly statement: MigrationStatement;
}

/** What `migrate` would do. */
export interface MigrationPlan {
  readonly pluginName: string;
  /** sha256 of the desired snapshot. */
  readonly hash: string;
  readonly statements: readonly PlannedStatement[];
  readonly hasDataLoss: boolean;
  /** Destructive reasons, risks, and objects deliberately kept. */
  readonly warnings: readonly string[];
  /** Whether the journal already records this exact schema hash. */
  readonly recorded: boolean;
  /** Fingerprint of the catalog the plan was made against (see `catalog-fingerprint.ts`). */
  readonly catalog: string;
}

/** True for a snapshot written by this migrator (not the reference's drizzle-kit JSON). */
export function isOwnSnapshot(value: unknown): value is SchemaSnapshot {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { version?: unknown }).version === SNAPSHOT_VERSION
  );
}

function schemasOf(desired: SchemaSnapshot, ownedTables: Iterable<string>): string[] {
  const set = new Set<string>(['public', ...desired.schemas]);
  for (const t of Object.values(desired.tables)) set.add(t.schema);
  for (const e of Object.values(desired.enums)) set.add(e.schema);
  for (const key of ownedTables) set.add(key.slice(0, key.indexOf('.')));
  return [...set];
}

/**
 * Plans against the live catalog. Ownership (what may be dropped) comes only from our own stored
 * snapshots: objects the reference or a human created are never dropped.
 */
export async function planAgainstLive(
  tx: SqlExecutorLike,
  pluginName: string,
  desired: SchemaSnapshot,
  hash: string,
  journal: JournalState,
  renames: readonly RenameDeclaration[],
): Promise<MigrationPlan> {
  const owned = isOwnSnapshot(journal.latestSnapshot) ? ownedObjects(journal.latestSnapshot) : NOTHING_OWNED;
  const live = await readLiveSchema(tx, schemasOf(desired, owned.tables), fingerprintSchemas(desired));
  const diff = diffSnapshots(live.snapshot, desired, { owned, renames });
  const report = classifyDataLoss(diff.statements);
  return {
    pluginName,
    hash,
    statements: diff.statements.map((statement) => {
      const sql = statementToSql(statement);
      return {
        kind: statement.kind,
        sql,
        destructive: report.destructive.some((d) => d.statement === statement),
        statement,
      };
    }),
    hasDataLoss: report.hasDataLoss,
    warnings: [...report.warnings, ...diff.warnings],
    recorded: journal.lastHash === hash,
    catalog: live.catalog,
  };
}
