import type { Room, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as rooms from '../stores/room-store.js';

/** Rooms. */
export const roomMethods = methodGroup({
  getRoomsByIds(roomIds: UUID[]): Promise<Room[] | null> {
    return this.calls.read((ex) => rooms.getRoomsByIds(ex, this.agentId, roomIds));
  },
  getRoomsByWorld(worldId: UUID): Promise<Room[]> {
    return this.calls.read((ex) => rooms.getRoomsByWorld(ex, this.agentId, worldId));
  },
  createRooms(list: Room[]): Promise<UUID[]> {
    return this.calls.write((ex) => rooms.createRooms(ex, this.agentId, list));
  },
  updateRoom(room: Room): Promise<void> {
    return this.calls.idempotentWrite((ex) => rooms.updateRoom(ex, this.agentId, room));
  },
  deleteRoom(roomId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => rooms.deleteRoom(ex, roomId));
  },
  deleteRoomsByWorldId(worldId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => rooms.deleteRoomsByWorldId(ex, this.agentId, worldId));
  },
});
