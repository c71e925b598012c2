/**
 * The agent, world, user and rooms every subject gets, created through the adapter API with the same
 * ids and the same calls, and the runtime-shaped memory the workloads pass to `createMemory`.
 */
import type { BareDb } from './bare-db.js';
import type { BenchAdapter } from './subjects.js';
import { GROUP, type Memory, type UUID, uuid } from './support.js';

export interface Scope {
  readonly agentId: UUID;
  readonly worldId: UUID;
  readonly messageServerId: UUID;
  /** The user whose messages the workloads store. */
  readonly entityId: UUID;
  readonly rooms: readonly UUID[];
}

export function createScope(rooms: number): Scope {
  return {
    agentId: uuid(),
    worldId: uuid(),
    messageServerId: uuid(),
    entityId: uuid(),
    rooms: Array.from({ length: rooms }, () => uuid()),
  };
}

export function seedScope(scope: Scope): (adapter: BenchAdapter, raw: BareDb) => Promise<void> {
  return async (adapter) => {
    const { agentId, worldId } = scope;
    await adapter.createAgent({ id: agentId, name: 'bench', bio: ['bench agent'] });
    await adapter.createEntities([
      { id: agentId, names: ['bench'], agentId, metadata: {} },
      { id: scope.entityId, names: ['user'], agentId, metadata: {} },
    ]);
    await adapter.createWorld({
      id: worldId,
      name: 'bench',
      agentId,
      messageServerId: scope.messageServerId,
    });
    await adapter.createRooms(
      scope.rooms.map((id, i) => ({ id, name: `room-${i}`, agentId, source: 'bench', type: GROUP, worldId })),
    );
  };
}

/**
 * A message as the runtime passes it to `createMemory(m, 'messages')`: `unique` unset. A new object on
 * every call (the reference writes its verdict into the object it is given).
 */
export function runtimeMemory(
  scope: Scope,
  id: UUID,
  roomId: UUID,
  text: string,
  embedding: readonly number[],
): Memory {
  return {
    id,
    entityId: scope.entityId,
    agentId: scope.agentId,
    roomId,
    worldId: scope.worldId,
    content: { text, source: 'bench' },
    embedding: [...embedding],
  };
}
