export {
  type CreateSnapshotOptions,
  createSnapshot,
  type DrizzleSchema,
  hashSnapshot,
} from './create-snapshot.js';
export {
  createMigrator,
  type MigrateOptions,
  type MigrationCheck,
  type MigrationResult,
  type MigrationStatus,
  type Migrator,
  type MigratorOptions,
} from './create-migrator.js';
export { diffSnapshots, type DiffOptions, type SnapshotDiff } from './diff-snapshots.js';
export { statementToSql, toSql } from './to-sql.js';
export { classifyDataLoss, type DataLossReport, isSafeTypeChange } from './classify-data-loss.js';
export { introspect } from './introspect.js';
export type { MigrationPlan, PlannedStatement } from './plan.js';
export { type OwnedObjects, ownedObjects } from './ownership.js';
export { pluginSchemaName } from './plugin-schema-name.js';
export type { Journal, JournalEntry } from './journal.js';
export {
  type DestructiveChange,
  DestructiveMigrationError,
  InvalidSchemaError,
  isMigratorError,
  MigrationError,
  MigratorError,
} from './errors.js';
export * from './types.js';
