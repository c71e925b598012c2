/**
 * The SQL text of data isolation: the context functions, the server-id trigger and the two policies
 * per table. Only fixed text and catalog-quoted identifiers appear here; values are never interpolated
 * (the server and entity ids reach the database as bind parameters of `set_config`).
 */

/** Marks the objects this package created, so a re-run recognises (and keeps) them. */
export const ISOLATION_MARKER = 'eliza-sql:data-isolation:v1';

/** The server policy (reference name): a row is visible and writable only under its own server id. */
export const SERVER_POLICY = 'server_isolation_policy';
/** The entity policy (reference name): restrictive, narrows rows to an entity when one is set. */
export const ENTITY_POLICY = 'entity_isolation_policy';
/** The trigger filling `server_id` on insert from the transaction's server context. */
export const SERVER_ID_TRIGGER = 'eliza_sql_assign_server_id';

/** Public tables never isolated: the server registry itself, and migration journals (as the reference). */
export const ISOLATION_EXCLUDED_TABLES: readonly string[] = [
  'servers',
  'drizzle_migrations',
  '__drizzle_migrations',
];

/**
 * How the entity context narrows each table (when `app.entity_id` is set), as the reference chooses
 * its columns: `participants` by its own entity, tables with a room by the entity's rooms. Tables not
 * listed (agents, entities, rooms, worlds, messaging, ...) are narrowed by server only.
 */
export const ENTITY_RULES: Readonly<Record<string, string>> = {
  participants: 'entity_id = current_entity_id()',
  memories: 'room_id IN (SELECT p.room_id FROM participants p WHERE p.entity_id = current_entity_id())',
  logs: 'room_id IN (SELECT p.room_id FROM participants p WHERE p.entity_id = current_entity_id())',
  components: 'room_id IN (SELECT p.room_id FROM participants p WHERE p.entity_id = current_entity_id())',
  tasks: 'room_id IN (SELECT p.room_id FROM participants p WHERE p.entity_id = current_entity_id())',
};

/** `"name"` with embedded quotes doubled: an identifier read from the catalog, never user input. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The functions reading the transaction-local context (NULL when unset or malformed). */
export const CONTEXT_FUNCTIONS_SQL = [
  `CREATE OR REPLACE FUNCTION current_server_id() RETURNS uuid LANGUAGE sql STABLE AS $f$
    SELECT CASE WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid END
    FROM (SELECT current_setting('app.server_id', true) AS s) AS setting
  $f$`,
  `CREATE OR REPLACE FUNCTION current_entity_id() RETURNS uuid LANGUAGE sql STABLE AS $f$
    SELECT CASE WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid END
    FROM (SELECT current_setting('app.entity_id', true) AS s) AS setting
  $f$`,
  `CREATE OR REPLACE FUNCTION eliza_sql_assign_server_id() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
      NEW.server_id := COALESCE(NEW.server_id, current_server_id());
      RETURN NEW;
    END
  $f$`,
];

/** Functions `uninstallRLS` drops (with the triggers and policies depending on them). */
export const CONTEXT_FUNCTION_SIGNATURES = [
  'eliza_sql_assign_server_id()',
  'current_entity_id()',
  'current_server_id()',
];

/** CREATE POLICY statements for one table (the entity one only where a rule exists). */
export function policyStatements(table: string, policy: string): string[] {
  const t = quoteIdent(table);
  if (policy === SERVER_POLICY) {
    return [
      `CREATE POLICY ${SERVER_POLICY} ON public.${t} USING (server_id = current_server_id()) WITH CHECK (server_id = current_server_id())`,
      `COMMENT ON POLICY ${SERVER_POLICY} ON public.${t} IS '${ISOLATION_MARKER}'`,
    ];
  }
  const rule = ENTITY_RULES[table];
  if (!rule) return [];
  const check = `(current_entity_id() IS NULL OR ${rule})`;
  return [
    `CREATE POLICY ${ENTITY_POLICY} ON public.${t} AS RESTRICTIVE USING ${check} WITH CHECK ${check}`,
    `COMMENT ON POLICY ${ENTITY_POLICY} ON public.${t} IS '${ISOLATION_MARKER}'`,
  ];
}

/** The policies a table should carry. */
export function expectedPolicies(table: string): string[] {
  return ENTITY_RULES[table] ? [SERVER_POLICY, ENTITY_POLICY] : [SERVER_POLICY];
}
