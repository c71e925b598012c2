/**
 * The SQL text of data isolation: the tenant mapping, the context functions, the server-id trigger and
 * the policies. Only fixed text and catalog-quoted identifiers appear here; values are never
 * interpolated (ids reach the database as bind parameters).
 *
 * The tenant is the PostgreSQL LOGIN role (`session_user`, which `SET ROLE` does not change), mapped to
 * its server in an owner-only table read by a SECURITY DEFINER function: no statement a tenant can
 * run changes which server it is. The entity context stays a transaction setting: it narrows rows
 * within one tenant and is not a boundary between tenants.
 */

/** Marks the objects this package created, so a re-run recognises (and keeps) them. */
export const ISOLATION_MARKER = 'eliza-sql:data-isolation:v2';

/** The server policy (reference name): a row is visible and writable only by its own server's role. */
export const SERVER_POLICY = 'server_isolation_policy';
/** The entity policy (reference name): restrictive, narrows rows to an entity when one is set. */
export const ENTITY_POLICY = 'entity_isolation_policy';
/** The trigger filling `server_id` on insert from the connection's server. */
export const SERVER_ID_TRIGGER = 'eliza_sql_assign_server_id';
/** The owner-only mapping of login roles to servers. */
export const TENANT_ROLES_TABLE = 'eliza_sql_tenant_roles';
/** The server registry: isolated by its `id` (a tenant sees and inserts only its own row). */
export const SERVERS_TABLE = 'servers';

/** Public tables never given a `server_id`: the registry, the mapping, and migration journals. */
export const ISOLATION_EXCLUDED_TABLES: readonly string[] = [
  TENANT_ROLES_TABLE,
  'drizzle_migrations',
  '__drizzle_migrations',
];

const ROOM_OF_ENTITY =
  'room_id IN (SELECT p.room_id FROM public.participants p WHERE p.entity_id = (SELECT public.current_entity_id()))';

/**
 * How the entity context narrows each table (when `app.entity_id` is set), as the reference chooses
 * its columns: `participants` by its own entity, tables with a room by the entity's rooms. Tables not
 * listed (agents, entities, rooms, worlds, messaging, ...) are narrowed by server only.
 */
export const ENTITY_RULES: Readonly<Record<string, string>> = {
  participants: 'entity_id = (SELECT public.current_entity_id())',
  memories: ROOM_OF_ENTITY,
  logs: ROOM_OF_ENTITY,
  components: ROOM_OF_ENTITY,
  tasks: ROOM_OF_ENTITY,
};

/** `"name"` with embedded quotes doubled: an identifier read from the catalog, never user input. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The mapping table, revoked from everyone but its owner and under row-level security with no policy
 * (so a grant given by mistake still shows and changes nothing), then the context functions.
 */
export const CONTEXT_FUNCTIONS_SQL = [
  `CREATE TABLE IF NOT EXISTS public.${TENANT_ROLES_TABLE} (role_name name PRIMARY KEY, server_id uuid NOT NULL)`,
  `REVOKE ALL ON public.${TENANT_ROLES_TABLE} FROM PUBLIC`,
  `ALTER TABLE public.${TENANT_ROLES_TABLE} ENABLE ROW LEVEL SECURITY`,
  // SECURITY DEFINER (runs as the installing owner, who may read the mapping), search path pinned
  // so no object a caller creates is resolved inside it. PL/pgSQL, not SQL: a definer function is
  // never inlined, and a SQL one is planned again in every statement; PL/pgSQL keeps its plan.
  `CREATE OR REPLACE FUNCTION public.current_server_id() RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$
    BEGIN
      RETURN (SELECT t.server_id FROM public.${TENANT_ROLES_TABLE} t WHERE t.role_name = session_user);
    END
  $f$`,
  `CREATE OR REPLACE FUNCTION public.current_entity_id() RETURNS uuid LANGUAGE sql STABLE AS $f$
    SELECT CASE WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid END
    FROM (SELECT pg_catalog.current_setting('app.entity_id', true) AS s) AS setting
  $f$`,
  `CREATE OR REPLACE FUNCTION public.eliza_sql_assign_server_id() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $f$
    BEGIN
      NEW.server_id := COALESCE(NEW.server_id, public.current_server_id());
      RETURN NEW;
    END
  $f$`,
];

/** Functions `uninstallRLS` drops (with the triggers and policies depending on them). */
export const CONTEXT_FUNCTION_SIGNATURES = [
  'public.eliza_sql_assign_server_id()',
  'public.current_entity_id()',
  'public.current_server_id()',
];

/** CREATE POLICY statements for one table (the entity one only where a rule exists). */
export function policyStatements(table: string, policy: string): string[] {
  const t = quoteIdent(table);
  if (policy === SERVER_POLICY) {
    // `(SELECT ...)`: an init plan, so the function runs once per statement, not once per row
    const mine = `${table === SERVERS_TABLE ? 'id' : 'server_id'} = (SELECT public.current_server_id())`;
    return [
      `CREATE POLICY ${SERVER_POLICY} ON public.${t} USING (${mine}) WITH CHECK (${mine})`,
      `COMMENT ON POLICY ${SERVER_POLICY} ON public.${t} IS '${ISOLATION_MARKER}'`,
    ];
  }
  const rule = ENTITY_RULES[table];
  if (!rule) return [];
  const check = `((SELECT public.current_entity_id()) IS NULL OR ${rule})`;
  return [
    `CREATE POLICY ${ENTITY_POLICY} ON public.${t} AS RESTRICTIVE USING ${check} WITH CHECK ${check}`,
    `COMMENT ON POLICY ${ENTITY_POLICY} ON public.${t} IS '${ISOLATION_MARKER}'`,
  ];
}

/** The policies a table should carry. */
export function expectedPolicies(table: string): string[] {
  return ENTITY_RULES[table] ? [SERVER_POLICY, ENTITY_POLICY] : [SERVER_POLICY];
}
