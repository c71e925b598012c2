/** The runtime migrator: plan and apply a Drizzle schema atomically, under a per-plugin lock. */
import { classifyDataLoss } from './classify-data-loss.js';
import type { DrizzleSchema } from './create-snapshot.js';
import { DestructiveMigrationError, MigrationError, MigratorError } from './errors.js';
import { fingerprintSchemas } from './catalog-fingerprint.js';
import { diffSnapshots } from './diff-snapshots.js';
import { readLiveSchema } from './introspect.js';
import {
  ensureJournal,
  forgetJournal,
  isRecordedAndUnchanged,
  type Journal,
  journalPlugins,
  readJournal,
  recordCatalog,
  recordMigration,
} from './journal.js';
import { ownedObjects } from './ownership.js';
import { type MigrationPlan, planAgainstLive } from './plan.js';
import { createSnapshotCache, type DesiredSchema } from './snapshot-cache.js';
import { CORE_PLUGIN_NAMES, pluginSchemaName } from './plugin-schema-name.js';
import type {
  MigrationExecutor,
  MigratorLogger,
  RenameDeclaration,
  SchemaSnapshot,
  SqlExecutorLike,
} from './types.js';

/** Options of {@link createMigrator}. */
export interface MigratorOptions {
  /** Where log lines go (default: silent). */
  readonly logger?: Partial<MigratorLogger>;
  /** Extensions every migrated schema requires, in addition to detected ones. */
  readonly extensions?: readonly string[];
  /**
   * Index access methods this backend does not build (see `CreateSnapshotOptions.skipIndexMethods`):
   * e.g. `['hnsw', 'ivfflat']` where a driver declares no approximate vector indexes.
   */
  readonly skipIndexMethods?: readonly string[];
}

/** Options of one `migrate` call. */
export interface MigrateOptions {
  /** Apply destructive statements (drop table/column, lossy type change, drop PK/unique). Default false. */
  readonly force?: boolean;
  /** Plan only: return the statements, apply and record nothing. */
  readonly dryRun?: boolean;
  /**
   * Log each SQL statement as it runs, at debug level (a first start runs dozens: at info they would
   * bury everything else). A dry run logs its plan at info regardless.
   */
  readonly verbose?: boolean;
  /** Declared renames (never inferred). */
  readonly renames?: readonly RenameDeclaration[];
  /** Extra extensions for this call. */
  readonly extensions?: readonly string[];
}

/** What `migrate` did. */
export interface MigrationResult {
  /** True when at least one statement ran. */
  readonly applied: boolean;
  readonly statements: readonly string[];
  readonly hash: string;
  readonly warnings: readonly string[];
  readonly dryRun: boolean;
}

/** The result of `checkMigration` when changes are pending. */
export interface MigrationCheck {
  readonly hasDataLoss: boolean;
  readonly requiresConfirmation: boolean;
  readonly warnings: readonly string[];
  readonly statements: readonly string[];
}

/** Journal status of one plugin. */
export interface MigrationStatus {
  readonly hasRun: boolean;
  readonly lastMigration: { readonly hash: string; readonly timestamp: number } | null;
  readonly journal: Journal | null;
  readonly snapshots: number;
}

export interface Migrator {
  migrate(pluginName: string, schema: DrizzleSchema, options?: MigrateOptions): Promise<MigrationResult>;
  plan(
    pluginName: string,
    schema: DrizzleSchema,
    options?: Pick<MigrateOptions, 'renames' | 'extensions'>,
  ): Promise<MigrationPlan>;
  checkMigration(pluginName: string, schema: DrizzleSchema): Promise<MigrationCheck | null>;
  status(pluginName: string): Promise<MigrationStatus>;
  /** Alias of `status` (the reference's name). */
  getStatus(pluginName: string): Promise<MigrationStatus>;
  /**
   * Forgets the recorded migrations of `pluginName` (of every plugin when omitted), leaving the schema
   * as it is: the next `migrate` plans against the live database and records a fresh history. Returns
   * how many plugins had a history.
   */
  resetJournal(pluginName?: string): Promise<number>;
}

type Desired = DesiredSchema;

/** Key of the lock every plugin's migration takes. */
export const migrationLockKey = (pluginName: string) => `eliza-sql:migrate:${pluginName}`;

/** Global xact lock serialising journal/schema/extension creation across plugins (CREATE ... IF NOT EXISTS races). */
const DDL_LOCK = `SELECT pg_advisory_xact_lock(7263091142370519)`;

/**
 * The catalog fingerprint after applying a migration, when introspection confirms the schema now
 * matches `desired` (what the next run would plan: nothing); undefined otherwise, so the next run
 * verifies again instead of trusting the fingerprint.
 */
async function verifiedCatalog(
  tx: SqlExecutorLike,
  desired: SchemaSnapshot,
  covered: readonly string[],
): Promise<string | undefined> {
  const live = await readLiveSchema(tx, covered, covered);
  const rest = diffSnapshots(live.snapshot, desired, { owned: ownedObjects(desired), renames: [] });
  return rest.statements.length === 0 ? live.catalog : undefined;
}

/** Creates a migrator over an executor (a `DatabaseDriver` from an eliza-sql adapter, or your own). */
export function createMigrator(executor: MigrationExecutor, options: MigratorOptions = {}): Migrator {
  const log = (level: keyof MigratorLogger, message: string, data?: Record<string, unknown>) =>
    options.logger?.[level]?.(message, data);
  const snapshotOf = createSnapshotCache(options.skipIndexMethods);
  const desiredOf = (schema: DrizzleSchema, extra: readonly string[] = []) =>
    snapshotOf(schema, [...(options.extensions ?? []), ...extra]);
  const planIn = async (tx: SqlExecutorLike, pluginName: string, desired: Desired, o: MigrateOptions) => {
    const journal = await readJournal(tx, pluginName);
    const plan = await planAgainstLive(
      tx,
      pluginName,
      desired.desired,
      desired.hash,
      journal,
      o.renames ?? [],
    );
    return { journal, plan };
  };

  const warnAboutPublic = (pluginName: string, desired: Desired) => {
    if (CORE_PLUGIN_NAMES.includes(pluginName)) return;
    const inPublic = Object.values(desired.desired.tables).filter((t) => t.schema === 'public');
    if (inPublic.length === 0) return;
    log(
      'warn',
      `[${pluginName}] tables in the public schema; consider pgSchema('${pluginSchemaName(pluginName)}')`,
      {
        tables: inPublic.map((t) => t.name),
      },
    );
  };

  const migrate = async (
    pluginName: string,
    schema: DrizzleSchema,
    o: MigrateOptions = {},
  ): Promise<MigrationResult> => {
    let current: string | null = null;
    const desired = desiredOf(schema, o.extensions);
    warnAboutPublic(pluginName, desired);
    const covered = fingerprintSchemas(desired.desired);
    const unchanged = {
      applied: false,
      statements: [],
      hash: desired.hash,
      warnings: [],
      dryRun: o.dryRun === true,
    };
    try {
      // The common start: this schema was migrated and nothing it lives in changed since. One statement
      // decides it, outside the lock (it writes nothing); anything else takes the full path below.
      if (await isRecordedAndUnchanged(executor, pluginName, desired.hash, covered)) {
        log('debug', `[${pluginName}] schema in place (journal hash and catalog fingerprint match)`);
        return unchanged;
      }
      return await executor.withLock(migrationLockKey(pluginName), async (tx) => {
        const { journal, plan } = await planIn(tx, pluginName, desired, o);
        const sqls = plan.statements.map((s) => s.sql);
        const result = { hash: plan.hash, warnings: plan.warnings, dryRun: o.dryRun === true };
        if (o.dryRun) for (const s of sqls) log('info', `[${pluginName}] ${s}`);
        if (o.dryRun) return { ...result, applied: false, statements: sqls };
        if (plan.hasDataLoss && !o.force) {
          const report = classifyDataLoss(plan.statements.map((s) => s.statement));
          throw new DestructiveMigrationError(
            pluginName,
            report.destructive.map((d) => ({ kind: d.statement.kind, sql: d.sql, reason: d.reason })),
          );
        }
        if (plan.hasDataLoss)
          log('warn', `[${pluginName}] applying destructive migration (forced)`, { warnings: plan.warnings });
        if (sqls.length === 0 && plan.recorded) {
          const latest = journal.journal?.entries.at(-1);
          if (latest?.catalog !== plan.catalog) await recordCatalog(tx, pluginName, plan.hash, plan.catalog);
          return { ...result, applied: false, statements: [] };
        }
        const needsGlobal =
          !journal.exists ||
          plan.statements.some((s) => s.kind === 'create_extension' || s.kind === 'create_schema');
        if (needsGlobal) await tx.query(DDL_LOCK);
        if (!journal.exists) await ensureJournal(tx);
        for (const s of sqls) {
          current = s;
          if (o.verbose) log('debug', `[${pluginName}] ${s}`);
          await tx.query(s);
        }
        current = null;
        const catalog =
          sqls.length === 0 ? plan.catalog : await verifiedCatalog(tx, desired.desired, covered);
        await recordMigration(tx, pluginName, journal, desired.desired, plan.hash, sqls, catalog);
        log('debug', `[${pluginName}] migration recorded`, { statements: sqls.length, hash: plan.hash });
        return { ...result, applied: sqls.length > 0, statements: sqls };
      });
    } catch (error) {
      if (error instanceof MigratorError) throw error;
      log('error', `[${pluginName}] migration failed and was rolled back`, { statement: current });
      throw new MigrationError(pluginName, current, error);
    }
  };

  const plan = (pluginName: string, schema: DrizzleSchema, o: MigrateOptions = {}) => {
    const desired = desiredOf(schema, o.extensions);
    return executor.transaction(async (tx) => (await planIn(tx, pluginName, desired, o)).plan);
  };

  const status = async (pluginName: string): Promise<MigrationStatus> => {
    const state = await readJournal(executor, pluginName);
    return {
      hasRun: state.lastHash !== null,
      lastMigration:
        state.lastHash !== null ? { hash: state.lastHash, timestamp: state.lastCreatedAt ?? 0 } : null,
      journal: state.journal,
      snapshots: state.snapshotCount,
    };
  };

  return {
    migrate,
    plan,
    async checkMigration(pluginName, schema) {
      const p = await plan(pluginName, schema);
      if (p.statements.length === 0) return null;
      return {
        hasDataLoss: p.hasDataLoss,
        requiresConfirmation: p.hasDataLoss,
        warnings: p.warnings,
        statements: p.statements.map((s) => s.sql),
      };
    },
    status,
    getStatus: status,
    async resetJournal(pluginName) {
      // Each plugin under its own migration lock, so no concurrent migrate records over a reset.
      const names = pluginName === undefined ? await journalPlugins(executor) : [pluginName];
      let forgotten = 0;
      for (const name of names) {
        forgotten += await executor.withLock(migrationLockKey(name), (tx) => forgetJournal(tx, name));
      }
      return forgotten;
    },
  };
}
