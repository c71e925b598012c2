import type { UUID, World } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as worlds from '../stores/world-store.js';

/** Worlds. */
export const worldMethods = methodGroup({
  createWorld(world: World): Promise<UUID> {
    return this.calls.write((ex) => worlds.createWorld(ex, this.agentId, world));
  },
  getWorld(id: UUID): Promise<World | null> {
    return this.calls.read((ex) => worlds.getWorld(ex, id));
  },
  getAllWorlds(): Promise<World[]> {
    return this.calls.read((ex) => worlds.getAllWorlds(ex, this.agentId));
  },
  updateWorld(world: World): Promise<void> {
    return this.calls.idempotentWrite((ex) => worlds.updateWorld(ex, world));
  },
  removeWorld(id: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => worlds.removeWorld(ex, id));
  },
});
