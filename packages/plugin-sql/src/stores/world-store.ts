/**
 * Worlds: a server/guild-level grouping of rooms, owned by an agent. Functions take the executor first
 * and never capture a handle. Reads and writes by id are not scoped to the agent (as the reference);
 * `getAllWorlds` lists the given agent's worlds.
 */
import type { UUID, World } from '@elizaos/core';
import { componentTable, worldTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { eq } from 'drizzle-orm';
import { invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { selectById } from './select-by-id.js';
import { assertInsertedOrOwned } from './id-conflict.js';
import { checkedFields } from './checked-fields.js';
import { toWorld } from './row-mappers.js';
import { selectOldestFirst } from './select-oldest-first.js';
import { serverIdColumns } from './server-id-columns.js';
import { isGiven, jsonbObjectOrNull, newUuid, optionalText } from './store-values.js';

function assertWorld(world: unknown): asserts world is World {
  if (world === null || typeof world !== 'object') throw invalidInput('world', world, 'a World object');
}

/**
 * Creates a world and returns its id (`world.id`, or a new one). The owner is `world.agentId`, else
 * `agentId`. `serverId` may be any string and comes back as given. An existing world of the same owner
 * with that id is left unchanged (its id is still returned); an id held by any other row is ID_CONFLICT.
 */
export async function createWorld(ex: SqlExecutor, agentId: UUID, world: World): Promise<UUID> {
  assertWorld(world);
  const id = isGiven(world.id) ? assertUuid('world.id', world.id) : newUuid();
  const owner = assertUuid('world.agentId', world.agentId ?? agentId);
  const inserted = await ex.db
    .insert(worldTable)
    .values({
      id,
      agentId: owner,
      name: optionalText('world.name', world.name) || '',
      metadata: jsonbObjectOrNull('world.metadata', world.metadata) ?? null,
      messageServerId: null,
      platformServerId: null,
      ...serverIdColumns('world', world),
    })
    .onConflictDoNothing()
    .returning({ id: worldTable.id });
  const where = {
    method: 'createWorld',
    table: worldTable,
    idColumn: worldTable.id,
    ownerColumn: worldTable.agentId,
  };
  await assertInsertedOrOwned(
    ex,
    where,
    [{ id, field: 'world.id', owner }],
    inserted.map((row) => row.id),
  );
  return id;
}

/** The world with this id, or null. */
export async function getWorld(ex: SqlExecutor, id: UUID): Promise<World | null> {
  assertUuid('id', id);
  return selectById(ex, worldTable, id, toWorld);
}

/** Every world of `agentId`, oldest first. */
export async function getAllWorlds(ex: SqlExecutor, agentId: UUID): Promise<World[]> {
  assertUuid('agentId', agentId);
  return selectOldestFirst(ex, worldTable, eq(worldTable.agentId, agentId), toWorld);
}

/**
 * Updates the given fields (name, metadata, messageServerId, serverId, agentId) of `world.id`; absent
 * fields stay (a UUID `serverId` without `messageServerId` updates both, as on create).
 */
export async function updateWorld(ex: SqlExecutor, world: World): Promise<void> {
  assertWorld(world);
  const id = assertUuid('world.id', world.id);
  const changes = {
    ...checkedFields('world', world, {
      name: (field, name) => optionalText(field, name) ?? '',
      metadata: jsonbObjectOrNull,
    }),
    ...serverIdColumns('world', world),
    ...checkedFields('world', world, { agentId: assertUuid }),
  };
  if (Object.keys(changes).length === 0) return;
  await ex.db.update(worldTable).set(changes).where(eq(worldTable.id, id));
}

/**
 * Removes a world and, in the same transaction, its components (what the reference's
 * `components.world_id` foreign key cascades). Rooms and memories keep their `world_id`, as in the reference.
 */
export async function removeWorld(ex: SqlExecutor, id: UUID): Promise<void> {
  assertUuid('id', id);
  await ex.transaction(async (tx) => {
    await tx.db.delete(componentTable).where(eq(componentTable.worldId, id));
    await tx.db.delete(worldTable).where(eq(worldTable.id, id));
  });
}
