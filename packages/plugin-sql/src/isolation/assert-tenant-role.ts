import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { ElizaSqlError } from '../errors.js';
import { CONTEXT_FUNCTION_SIGNATURES } from './rls-policies.js';

interface RoleState {
  readonly login: string;
  /** Roles the login role is or may become that are SUPERUSER / BYPASSRLS, with which attribute. */
  readonly bypass: ReadonlyArray<{ role: string; why: string }>;
  /** Isolation objects whose owner the login role is or is a member of. */
  readonly owned: ReadonlyArray<{ object: string; owner: string }>;
  /**
   * Public tables (the tenant mapping included) on which it holds TRUNCATE (ignores row-level
   * security) or TRIGGER (a trigger runs in other servers' sessions).
   */
  readonly unsafeGrants: readonly string[];
}

const functionList = CONTEXT_FUNCTION_SIGNATURES.map((s) => `to_regprocedure('${s}')`).join(', ');

/** One catalog query, as the connection's login role (`session_user`: what identifies the tenant). */
async function readRoleState(ex: SqlExecutor): Promise<RoleState> {
  const [row] = await ex.query<RoleState & Record<string, unknown>>(`
    SELECT session_user::text AS login,
      (SELECT COALESCE(json_agg(json_build_object('role', r.rolname::text,
                'why', CASE WHEN r.rolsuper THEN 'SUPERUSER' ELSE 'BYPASSRLS' END) ORDER BY r.rolname), '[]'::json)
         FROM pg_roles r WHERE (r.rolsuper OR r.rolbypassrls) AND pg_has_role(session_user, r.oid, 'MEMBER')) AS bypass,
      (SELECT COALESCE(json_agg(json_build_object('object', o.object, 'owner', pg_get_userbyid(o.owner)::text)
                ORDER BY o.object), '[]'::json)
         FROM (SELECT 'table public.' || c.relname AS object, c.relowner AS owner
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
               UNION ALL SELECT 'schema public', n.nspowner FROM pg_namespace n WHERE n.nspname = 'public'
               UNION ALL SELECT 'function ' || p.oid::regprocedure::text, p.proowner
                 FROM pg_proc p WHERE p.oid IN (${functionList})) o
         WHERE pg_has_role(session_user, o.owner, 'MEMBER')) AS owned,
      (SELECT COALESCE(json_agg(c.relname::text ORDER BY c.relname), '[]'::json)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND has_table_privilege(session_user, c.oid, 'TRUNCATE, TRIGGER')) AS "unsafeGrants"`);
  if (!row) throw new Error('role state query returned no row');
  return row;
}

const SETUP =
  'The supported setup has two roles: the tables owner runs migrations and installs isolation ' +
  '(POSTGRES_MIGRATION_URL), and each server connects (POSTGRES_URL) as its own login role that owns ' +
  'nothing and only has DML, e.g. as the owner: CREATE ROLE eliza_app NOLOGIN; ' +
  'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO eliza_app; ' +
  'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO eliza_app; ' +
  'CREATE ROLE <server_role> LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE eliza_app; then ' +
  "registerTenantRole(owner, { role: '<server_role>', serverId })";

const list = (items: readonly string[]) =>
  items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more` : items.join(', ');

/**
 * Refuses to run isolated on a connection whose login role could undo or step around isolation:
 * SUPERUSER/BYPASSRLS, itself or through a role it is a member of (ISOLATION_BYPASSED); owner, or
 * member of the owner, of a public table, the schema or the isolation functions; TRUNCATE or TRIGGER
 * on a public table (ISOLATION_UNSAFE_ROLE). DML granted on the tenant mapping is harmless (it is
 * under row-level security with no policy) and installation revokes it anyway. With `serverId`
 * (isolation installed), also that the role is registered to that server. Each message names the
 * SQL that fixes it.
 */
export async function assertTenantRole(ex: SqlExecutor, serverId?: UUID): Promise<void> {
  const state = await readRoleState(ex);
  const login = state.login;
  const bypass = state.bypass.find((b) => b.role === login) ?? state.bypass[0];
  if (bypass) {
    const own = bypass.role === login;
    throw new ElizaSqlError(
      'ISOLATION_BYPASSED',
      own
        ? `data isolation: connected as role "${login}", which has ${bypass.why} and so bypasses row-level security; ` +
            'connect as a role with NOSUPERUSER NOBYPASSRLS (e.g. CREATE ROLE <server_role> LOGIN NOSUPERUSER NOBYPASSRLS) ' +
            'and install isolation as the tables owner (installDataIsolation)'
        : `data isolation: login role "${login}" is a member of "${bypass.role}", which has ${bypass.why} and so ` +
            `bypasses row-level security; REVOKE "${bypass.role}" FROM "${login}"`,
    );
  }
  if (state.owned.length > 0) {
    const owners = [...new Set(state.owned.map((o) => o.owner))];
    const member = owners.filter((o) => o !== login);
    throw new ElizaSqlError(
      'ISOLATION_UNSAFE_ROLE',
      `data isolation: login role "${login}" could drop or disable the isolation: it owns${member.length > 0 ? ' (or is a member of the owner of)' : ''} ` +
        `${list(state.owned.map((o) => o.object))} (owner ${owners.map((o) => `"${o}"`).join(', ')}). ` +
        (member.length > 0 ? `REVOKE ${member.map((o) => `"${o}"`).join(', ')} FROM "${login}"; ` : '') +
        SETUP,
    );
  }
  if (state.unsafeGrants.length > 0) {
    throw new ElizaSqlError(
      'ISOLATION_UNSAFE_ROLE',
      `data isolation: login role "${login}" holds TRUNCATE or TRIGGER on ${list(state.unsafeGrants)}, which step ` +
        "around row-level security (TRUNCATE ignores the policies; a trigger runs in other servers' sessions); " +
        `REVOKE TRUNCATE, TRIGGER ON ALL TABLES IN SCHEMA public FROM "${login}" (and from the roles it is a member of)`,
    );
  }
  if (serverId === undefined) return;
  const [row] = await ex.query<{ bound: string | null }>('SELECT public.current_server_id()::text AS bound');
  if (row?.bound === serverId) return;
  throw new ElizaSqlError(
    'ISOLATION_UNSAFE_ROLE',
    row?.bound
      ? `data isolation: login role "${login}" is registered to another server than ${serverId}; connect as this ` +
          `server's own login role (one per server): CREATE ROLE <server_role> LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE eliza_app, ` +
          `then as the tables owner registerTenantRole(owner, { role: '<server_role>', serverId: '${serverId}' })`
      : `data isolation: login role "${login}" is not registered to server ${serverId}; as the tables owner run ` +
          `registerTenantRole(owner, { role: '${login}', serverId: '${serverId}' }), or set POSTGRES_MIGRATION_URL ` +
          '(the owner) so init() registers it',
  );
}
