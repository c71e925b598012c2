import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { assertUuid } from '../validation.js';
import { executorOf, type IsolationTarget, serverIdOf } from './isolation-target.js';
import {
  CONTEXT_FUNCTION_SIGNATURES,
  CONTEXT_FUNCTIONS_SQL,
  ENTITY_POLICY,
  expectedPolicies,
  ISOLATION_EXCLUDED_TABLES,
  ISOLATION_MARKER,
  policyStatements,
  quoteIdent,
  SERVER_ID_TRIGGER,
  SERVER_POLICY,
  SERVERS_TABLE,
  TENANT_ROLES_TABLE,
} from './rls-policies.js';
import { scopeForeignKeysToTenant, unscopeForeignKeys } from './tenant-foreign-keys.js';

/** What one installation step changed: every DDL statement it ran, and the rows it backfilled. */
export interface IsolationInstallReport {
  /** The isolated tables (public schema, `servers` included, except the tenant mapping and journals). */
  readonly tables: readonly string[];
  /** DDL statements executed; empty when everything was already in place. */
  readonly changes: readonly string[];
  /** Rows that had no server id and were given the installing server's id. */
  readonly rowsBackfilled: number;
}

interface TableState {
  readonly table: string;
  readonly enabled: boolean;
  readonly forced: boolean;
  readonly has_column: boolean;
  readonly has_trigger: boolean;
  readonly has_index: boolean;
  readonly policies: ReadonlyArray<{ name: string; marked: boolean }>;
}

const excludedList = ISOLATION_EXCLUDED_TABLES.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ');

/** One catalog query describing every public table's isolation state. */
async function readTableStates(ex: SqlExecutor): Promise<TableState[]> {
  return ex.query<TableState & Record<string, unknown>>(`
    SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
      EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'server_id'
              AND NOT a.attisdropped) AS has_column,
      EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid
              AND tg.tgname = '${SERVER_ID_TRIGGER}') AS has_trigger,
      EXISTS (SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid
              AND ic.relname = left('idx_' || c.relname || '_server_id', 63)) AS has_index,
      COALESCE((SELECT json_agg(json_build_object('name', p.polname,
                'marked', obj_description(p.oid, 'pg_policy') IS NOT DISTINCT FROM '${ISOLATION_MARKER}'))
                FROM pg_policy p WHERE p.polrelid = c.oid), '[]'::json) AS policies
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT IN (${excludedList})
    ORDER BY c.relname`);
}

/**
 * Installs (or updates) the tenant mapping table and the context functions `current_server_id()` /
 * `current_entity_id()` and the server-id trigger function. An owner operation: the functions belong
 * to the role that runs this (the tables owner). Objects already carrying this version's marker are
 * left alone.
 */
export async function installRLSFunctions(target: IsolationTarget): Promise<string[]> {
  const ex = await executorOf(target);
  const rows = await ex.query<{ installed: boolean }>(
    `SELECT to_regclass('public.${TENANT_ROLES_TABLE}') IS NOT NULL AND bool_and(
       obj_description(to_regprocedure(s), 'pg_proc') IS NOT DISTINCT FROM '${ISOLATION_MARKER}')
       AS installed FROM unnest(ARRAY['${CONTEXT_FUNCTION_SIGNATURES.join("', '")}']) AS s`,
  );
  if (rows[0]?.installed === true) return [];
  const changes: string[] = [];
  await ex.transaction(async (tx) => {
    for (const statement of CONTEXT_FUNCTIONS_SQL) await tx.query(statement);
    for (const signature of CONTEXT_FUNCTION_SIGNATURES) {
      await tx.query(`COMMENT ON FUNCTION ${signature} IS '${ISOLATION_MARKER}'`);
    }
    changes.push(
      `CREATE TABLE IF NOT EXISTS public.${TENANT_ROLES_TABLE}`,
      ...CONTEXT_FUNCTION_SIGNATURES.map((s) => `CREATE OR REPLACE FUNCTION ${s}`),
    );
  });
  return changes;
}

/**
 * Revokes every privilege on the tenant mapping held by a role other than its owner (default
 * privileges of the schema can grant them): only the owner, through `current_server_id()`, reads it.
 */
async function revokeMappingGrants(tx: SqlExecutor): Promise<string[]> {
  const grantees = await tx.query<{ grantee: string }>(
    `SELECT DISTINCT a.grantee::regrole::text AS grantee
     FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = to_regclass('public.${TENANT_ROLES_TABLE}') AND a.grantee <> 0 AND a.grantee <> c.relowner
     ORDER BY 1`,
  );
  const changes: string[] = [];
  for (const { grantee } of grantees) {
    // regrole's text output is already a quoted identifier where quoting is needed
    const statement = `REVOKE ALL ON public.${TENANT_ROLES_TABLE} FROM ${grantee}`;
    await tx.query(statement);
    changes.push(statement);
  }
  return changes;
}

/**
 * Isolates every public table, new plugin tables included: adds `server_id` where missing, gives
 * rows without one `serverId` (the documented path for an existing database), indexes it, fills it
 * on insert by trigger, creates the server policy (and the entity policy where a rule exists), then
 * enables row-level security, and scopes every foreign key between isolated tables to one server
 * ({@link scopeForeignKeysToTenant}); `servers` is isolated by its own `id`. Row-level security is not
 * FORCEd: the owner is the trusted operator (backfills, `assignAgentToServer`), and tenants never own
 * the tables (the adapter refuses to start otherwise). Idempotent: a re-run changes nothing. An owner
 * operation; {@link installDataIsolation} runs it under the isolation lock. `serverId` defaults to the
 * adapter's own when `target` is an isolated adapter.
 */
export async function applyRLSToNewTables(
  target: IsolationTarget,
  options: { readonly serverId?: UUID } = {},
): Promise<IsolationInstallReport> {
  const serverId = assertUuid('serverId', serverIdOf(target, options.serverId));
  const ex = await executorOf(target);
  return ex.transaction(async (tx) => {
    const states = await readTableStates(tx);
    const changes: string[] = [];
    let rowsBackfilled = 0;
    const ddl = async (statement: string) => {
      await tx.query(statement);
      changes.push(statement);
    };
    // the server_id column, backfill, index and insert trigger of a table isolated by server_id
    const isolateRows = async (s: TableState): Promise<number> => {
      const t = `public.${quoteIdent(s.table)}`;
      if (!s.has_column) await ddl(`ALTER TABLE ${t} ADD COLUMN server_id uuid`);
      const filled = await tx.query<{ n: number }>(
        sql`WITH u AS (UPDATE ${sql.raw(t)} SET server_id = ${serverId} WHERE server_id IS NULL RETURNING 1)
            SELECT count(*)::int AS n FROM u`,
      );
      if (!s.has_index) {
        await ddl(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`idx_${s.table}_server_id`)} ON ${t} (server_id)`);
      }
      if (!s.has_trigger) {
        await ddl(
          `CREATE TRIGGER ${SERVER_ID_TRIGGER} BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION public.eliza_sql_assign_server_id()`,
        );
      }
      return Number(filled[0]?.n ?? 0);
    };
    for (const s of states) {
      const t = `public.${quoteIdent(s.table)}`;
      if (s.table !== SERVERS_TABLE) rowsBackfilled += await isolateRows(s);
      for (const name of expectedPolicies(s.table)) {
        const existing = s.policies.find((p) => p.name === name);
        if (existing?.marked) continue;
        if (existing) await ddl(`DROP POLICY ${name} ON ${t}`); // another version's (e.g. the reference's)
        for (const statement of policyStatements(s.table, name)) await ddl(statement);
      }
      if (!s.enabled) await ddl(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      if (s.forced) await ddl(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`); // v1 forced it
    }
    changes.push(...(await revokeMappingGrants(tx)));
    changes.push(...(await scopeForeignKeysToTenant(tx)));
    return { tables: states.map((s) => s.table), changes, rowsBackfilled };
  });
}

/** Tables whose isolation is incomplete (missing column, trigger, policy, or RLS not enabled). */
export async function findUnisolatedTables(target: IsolationTarget): Promise<string[]> {
  const ex = await executorOf(target);
  const functions = await ex.query<{ ok: boolean }>(
    `SELECT to_regprocedure('public.current_server_id()') IS NOT NULL
       AND to_regprocedure('public.current_entity_id()') IS NOT NULL
       AND to_regclass('public.${TENANT_ROLES_TABLE}') IS NOT NULL AS ok`,
  );
  const states = await readTableStates(ex);
  const missing = states
    .filter(
      (s) =>
        !(s.enabled && (s.table === SERVERS_TABLE || (s.has_column && s.has_trigger))) ||
        expectedPolicies(s.table).some((name) => !s.policies.some((p) => p.name === name)),
    )
    .map((s) => s.table);
  return functions[0]?.ok === true
    ? missing
    : [`(functions current_server_id / current_entity_id, table ${TENANT_ROLES_TABLE})`, ...missing];
}

/**
 * Turns data isolation off (an owner operation): drops the isolation policies and triggers, disables
 * row-level security on the tables that carried them, restores the single-column foreign keys, clears
 * the `servers` registry and drops the
 * context functions (as the reference does), so every running isolated adapter fails its next call
 * with ISOLATION_NOT_INSTALLED. `server_id` columns and their values, and the tenant role mapping,
 * are kept, so re-enabling later gives no server another server's rows. A no-op when not installed.
 */
export async function uninstallRLS(target: IsolationTarget): Promise<string[]> {
  const ex = await executorOf(target);
  return ex.transaction(async (tx) => {
    const states = await readTableStates(tx);
    const changes: string[] = await unscopeForeignKeys(tx);
    const ddl = async (statement: string) => {
      await tx.query(statement);
      changes.push(statement);
    };
    for (const s of states) {
      const t = `public.${quoteIdent(s.table)}`;
      const ours = s.policies.filter((p) => p.name === SERVER_POLICY || p.name === ENTITY_POLICY);
      for (const p of ours) await ddl(`DROP POLICY ${p.name} ON ${t}`);
      if (s.has_trigger) await ddl(`DROP TRIGGER ${SERVER_ID_TRIGGER} ON ${t}`);
      if (ours.length > 0 && s.forced) await ddl(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
      if (ours.length > 0 && s.enabled) await ddl(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    const installed = await tx.query<{ ok: boolean }>(
      `SELECT to_regprocedure('public.current_server_id()') IS NOT NULL AS ok`,
    );
    if (installed[0]?.ok === true) {
      await ddl('TRUNCATE TABLE public.servers');
      for (const signature of CONTEXT_FUNCTION_SIGNATURES) await ddl(`DROP FUNCTION IF EXISTS ${signature}`);
    }
    return changes;
  });
}
