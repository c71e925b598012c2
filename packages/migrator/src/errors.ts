/** Typed errors: each has a stable string `code`, a message naming what went wrong and how to proceed. */

/** Base class of every error the migrator throws. */
export class MigratorError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigratorError';
    this.code = code;
  }
}

/** A schema object the snapshot cannot describe (e.g. an expression index without a name). */
export class InvalidSchemaError extends MigratorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_SCHEMA', message, options);
    this.name = 'InvalidSchemaError';
  }
}

/** One destructive change the plan contains. */
export interface DestructiveChange {
  readonly kind: string;
  readonly sql: string;
  readonly reason: string;
}

/** The plan contains destructive statements and neither `force` nor the plugin's opt-in allowed them. */
export class DestructiveMigrationError extends MigratorError {
  readonly pluginName: string;
  readonly changes: readonly DestructiveChange[];
  constructor(pluginName: string, changes: readonly DestructiveChange[]) {
    super(
      'DESTRUCTIVE_MIGRATION_BLOCKED',
      `Destructive migration blocked for ${pluginName}: ${changes.length} statement(s) would lose data:\n` +
        changes.map((c) => `  - ${c.reason}: ${c.sql}`).join('\n') +
        '\nTo proceed, pass { force: true } to migrate() (plugin-sql: set ELIZA_ALLOW_DESTRUCTIVE_MIGRATIONS=true),' +
        ' or back up the data and apply the change by hand.',
    );
    this.name = 'DestructiveMigrationError';
    this.pluginName = pluginName;
    this.changes = changes;
  }
}

/** A statement failed; the transaction was rolled back, so the database is exactly as before. */
export class MigrationError extends MigratorError {
  readonly pluginName: string;
  /** The SQL text of the failing statement (or null when the failure was outside a statement). */
  readonly statement: string | null;
  constructor(pluginName: string, statement: string | null, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'MIGRATION_FAILED',
      statement === null
        ? `Migration of ${pluginName} failed and was rolled back: ${reason}`
        : `Migration of ${pluginName} failed and was rolled back; statement: ${statement}; error: ${reason}`,
      { cause },
    );
    this.name = 'MigrationError';
    this.pluginName = pluginName;
    this.statement = statement;
  }
}

/** Guard for any migrator error. */
export function isMigratorError(error: unknown): error is MigratorError {
  return error instanceof MigratorError;
}
