import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { ElizaSqlError, invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { executorOf, type IsolationTarget } from './isolation-target.js';
import { TENANT_ROLES_TABLE } from './rls-policies.js';

/** Options of {@link registerTenantRole}. */
export interface RegisterTenantRoleOptions {
  /** The tenant's PostgreSQL login role (what its POSTGRES_URL connects as). */
  readonly role: string;
  /** The server whose rows that role may see (`ELIZA_SERVER_ID` as a UUID). */
  readonly serverId: UUID;
}

/**
 * Binds a login role to a server (an owner operation: run it as the tables owner, after
 * `installDataIsolation`). Every connection of that role then sees only that server's rows, whatever
 * it sets or runs. One role per server: a role already bound to another server is refused
 * (ISOLATION_UNSAFE_ROLE); a superuser or BYPASSRLS role is refused (ISOLATION_BYPASSED); an unknown
 * role is INVALID_INPUT. Also registers the server in `servers`. Returns true when the binding is
 * new, false when it already existed.
 */
export async function registerTenantRole(
  target: IsolationTarget,
  options: RegisterTenantRoleOptions,
): Promise<boolean> {
  const role: unknown = options?.role;
  if (typeof role !== 'string' || role === '' || role.length > 63 || role.includes('\0')) {
    throw invalidInput('role', role, 'a PostgreSQL role name (1 to 63 characters)');
  }
  const serverId = assertUuid('serverId', options.serverId);
  const ex = await executorOf(target);
  return ex.transaction(async (tx) => {
    const [state] = await tx.query<{ exists: boolean; bypass: boolean; installed: boolean }>(
      sql`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role}) AS exists,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role} AND (rolsuper OR rolbypassrls)) AS bypass,
            to_regclass(${`public.${TENANT_ROLES_TABLE}`}) IS NOT NULL AS installed`,
    );
    if (!state?.exists) {
      throw invalidInput(
        'role',
        role,
        'an existing role (CREATE ROLE ... LOGIN NOSUPERUSER NOBYPASSRLS first)',
      );
    }
    if (state.bypass) {
      throw new ElizaSqlError(
        'ISOLATION_BYPASSED',
        `registerTenantRole: role "${role}" is SUPERUSER or BYPASSRLS, so row-level security would not apply to it; ` +
          `register a role with NOSUPERUSER NOBYPASSRLS`,
      );
    }
    if (!state.installed) {
      throw new ElizaSqlError(
        'ISOLATION_NOT_INSTALLED',
        `registerTenantRole: table public.${TENANT_ROLES_TABLE} does not exist; run installDataIsolation as the tables owner first`,
      );
    }
    const table = sql.raw(`public.${TENANT_ROLES_TABLE}`);
    const inserted = await tx.query(
      sql`INSERT INTO ${table} (role_name, server_id) VALUES (${role}, ${serverId})
          ON CONFLICT (role_name) DO NOTHING RETURNING 1`,
    );
    if (inserted.length === 0) {
      const [bound] = await tx.query<{ server: string }>(
        sql`SELECT server_id::text AS server FROM ${table} WHERE role_name = ${role}`,
      );
      if (bound?.server !== serverId) {
        throw new ElizaSqlError(
          'ISOLATION_UNSAFE_ROLE',
          `registerTenantRole: role "${role}" is already registered to server ${bound?.server}, not ${serverId}; ` +
            'each server needs its own login role (CREATE ROLE ... LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE <app group>)',
        );
      }
    }
    await tx.query(sql`INSERT INTO servers (id) VALUES (${serverId}) ON CONFLICT (id) DO NOTHING`);
    return inserted.length > 0;
  });
}
