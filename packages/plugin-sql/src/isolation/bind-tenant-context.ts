import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { ElizaSqlError } from '../errors.js';
import { pgErrorCode } from '../stores/store-values.js';
import { assertUuid } from '../validation.js';

/** SQLSTATEs of a context statement whose function or mapping table is gone. */
const REMOVED = new Set(['42883', '42P01']); // undefined_function, undefined_table

/**
 * The first statement of every isolated call, and its only cost: sets the transaction-local entity
 * context (narrowing within the tenant; not a boundary between tenants) and checks in the same round
 * trip that the connection's login role is still bound to `serverId`. When isolation was removed
 * (the function or mapping is gone) or the role was re-registered, throws ISOLATION_NOT_INSTALLED, so
 * none of the call's statements run. INVALID_INPUT for ids that are not UUIDs.
 */
export async function bindTenantContext(
  tx: SqlExecutor,
  serverId: UUID,
  entityId: UUID | null,
): Promise<void> {
  const server = assertUuid('serverId', serverId);
  const entity = entityId === null ? '' : assertUuid('entityId', entityId);
  let bound: boolean | undefined;
  try {
    const rows = await tx.query<{ bound: boolean }>(
      sql`SELECT set_config('app.entity_id', ${entity}, true) AS entity,
            public.current_server_id() IS NOT DISTINCT FROM ${server}::uuid AS bound`,
    );
    bound = rows[0]?.bound;
  } catch (err) {
    if (!REMOVED.has(pgErrorCode(err) ?? '')) throw err;
    throw new ElizaSqlError(
      'ISOLATION_NOT_INSTALLED',
      `data isolation of server ${server} was removed from the database while the adapter ran ` +
        '(current_server_id() or its role mapping is gone); nothing of this call ran. Reinstall it as the ' +
        'tables owner (installDataIsolation, registerTenantRole) and restart the adapter',
      { cause: err },
    );
  }
  if (bound !== true) {
    throw new ElizaSqlError(
      'ISOLATION_NOT_INSTALLED',
      `data isolation: this connection's login role is no longer registered to server ${server} ` +
        '(unregistered or registered to another server); nothing of this call ran. As the tables owner run ' +
        'registerTenantRole(owner, { role, serverId }) for this role, or connect as this server’s own role',
    );
  }
}
