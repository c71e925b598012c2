/** Message servers of the central messaging bus, and which agents belong to each. */
import type { UUID } from '@elizaos/core';
import { messageServerAgentsTable, messageServerTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, eq, sql } from 'drizzle-orm';
import { ElizaSqlError, invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { selectById } from './select-by-id.js';
import { idConflict } from './id-conflict.js';
import { createMembership } from './membership.js';
import type { CreateMessageServerInput, MessageServer } from './messaging-types.js';
import { toMessageServer } from './row-mappers.js';
import { selectOldestFirst } from './select-oldest-first.js';
import { jsonbObjectOrNull, newUuid, optionalText, requiredText } from './store-values.js';

const serverAgents = createMembership(
  messageServerAgentsTable.messageServerId,
  messageServerAgentsTable.agentId,
);

/** The `message_server_agents` row of an agent on a server, both ids checked. */
function serverAgent(messageServerId: UUID, agentId: UUID): { messageServerId: UUID; agentId: UUID } {
  return {
    messageServerId: assertUuid('messageServerId', messageServerId),
    agentId: assertUuid('agentId', agentId),
  };
}

/**
 * Creates a message server and returns it as stored. When `data.id` names an existing server, that
 * server is returned unchanged (as the reference).
 */
export async function createMessageServer(
  ex: SqlExecutor,
  data: CreateMessageServerInput,
): Promise<MessageServer> {
  if (data === null || typeof data !== 'object') throw invalidInput('data', data, 'a message server object');
  const id = data.id ? assertUuid('data.id', data.id) : newUuid();
  const now = new Date();
  const inserted = await ex.db
    .insert(messageServerTable)
    .values({
      id,
      name: requiredText('data.name', data.name),
      sourceType: requiredText('data.sourceType', data.sourceType),
      sourceId: optionalText('data.sourceId', data.sourceId) ?? null,
      metadata: jsonbObjectOrNull('data.metadata', data.metadata) ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  const row =
    inserted[0] ?? (await ex.db.select().from(messageServerTable).where(eq(messageServerTable.id, id)))[0];
  // Not inserted and not visible: the id is held by a row the caller cannot see (another server's).
  if (!row) throw idConflict('createMessageServer', 'data.id', id);
  return toMessageServer(row);
}

/** Every message server, oldest first. */
export async function getMessageServers(ex: SqlExecutor): Promise<MessageServer[]> {
  return selectOldestFirst(ex, messageServerTable, undefined, toMessageServer);
}

/** The message server with this id, or null. */
export async function getMessageServerById(ex: SqlExecutor, serverId: UUID): Promise<MessageServer | null> {
  const id = assertUuid('serverId', serverId);
  return selectById(ex, messageServerTable, id, toMessageServer);
}

/**
 * The message server whose row-level-security `server_id` is `rlsServerId`, or null. That column
 * exists only where RLS was set up; elsewhere this raises UNSUPPORTED_BY_BACKEND.
 */
export async function getMessageServerByRlsServerId(
  ex: SqlExecutor,
  rlsServerId: UUID,
): Promise<MessageServer | null> {
  assertUuid('rlsServerId', rlsServerId);
  // Checked up front rather than by catching "undefined column": a failed statement would abort a
  // caller's transaction.
  const [column] = await ex.query<{ present: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('message_servers')
      AND attname = 'server_id' AND NOT attisdropped) AS present`,
  );
  if (!column?.present) {
    throw new ElizaSqlError(
      'UNSUPPORTED_BY_BACKEND',
      'getMessageServerByRlsServerId: message_servers has no server_id column (row-level security is not set up)',
    );
  }
  const rows = await ex.query<{ id: string }>(
    sql`SELECT id FROM message_servers WHERE server_id = ${rlsServerId} LIMIT 1`,
  );
  const id = rows[0]?.id;
  return id ? getMessageServerById(ex, id as UUID) : null;
}

/** Adds an agent to a message server (no-op when already there). */
export async function addAgentToMessageServer(
  ex: SqlExecutor,
  messageServerId: UUID,
  agentId: UUID,
): Promise<void> {
  const row = serverAgent(messageServerId, agentId);
  await ex.db.insert(messageServerAgentsTable).values(row).onConflictDoNothing();
}

/** The ids of the agents of a message server. */
export async function getAgentsForMessageServer(ex: SqlExecutor, messageServerId: UUID): Promise<UUID[]> {
  return serverAgents.memberIds(ex, assertUuid('messageServerId', messageServerId));
}

/** Removes an agent from a message server (no-op when absent). */
export async function removeAgentFromMessageServer(
  ex: SqlExecutor,
  messageServerId: UUID,
  agentId: UUID,
): Promise<void> {
  const row = serverAgent(messageServerId, agentId);
  await ex.db
    .delete(messageServerAgentsTable)
    .where(
      and(
        eq(messageServerAgentsTable.messageServerId, row.messageServerId),
        eq(messageServerAgentsTable.agentId, row.agentId),
      ),
    );
}
