import type { Participant, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import { refusedAsFalse } from '../refused-as-false.js';
import * as participants from '../stores/participant-store.js';

/** Who is in which room, and their state there. */
export const participantMethods = methodGroup({
  getRoomsForParticipant(entityId: UUID): Promise<UUID[]> {
    return this.calls.read((ex) => participants.getRoomsForParticipant(ex, this.agentId, entityId));
  },
  getRoomsForParticipants(entityIds: UUID[]): Promise<UUID[]> {
    return this.calls.read((ex) => participants.getRoomsForParticipants(ex, this.agentId, entityIds));
  },
  /** One entity into a room (reference extension). */
  addParticipant(entityId: UUID, roomId: UUID): Promise<boolean> {
    return this.addParticipantsRoom([entityId], roomId);
  },
  /**
   * False when the room or an entity does not exist (nothing is added then). The store checks first; a
   * row deleted between its check and its insert is a refused write, logged.
   */
  addParticipantsRoom(entityIds: UUID[], roomId: UUID): Promise<boolean> {
    return refusedAsFalse(this.logger, 'addParticipantsRoom', () =>
      this.calls.idempotentWrite((ex) =>
        participants.addParticipantsRoom(ex, this.agentId, entityIds, roomId),
      ),
    );
  },
  removeParticipant(entityId: UUID, roomId: UUID): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => participants.removeParticipant(ex, entityId, roomId));
  },
  getParticipantsForEntity(entityId: UUID): Promise<Participant[]> {
    return this.calls.read((ex) => participants.getParticipantsForEntity(ex, this.agentId, entityId));
  },
  getParticipantsForRoom(roomId: UUID): Promise<UUID[]> {
    return this.calls.read((ex) => participants.getParticipantsForRoom(ex, roomId));
  },
  isRoomParticipant(roomId: UUID, entityId: UUID): Promise<boolean> {
    return this.calls.read((ex) => participants.isRoomParticipant(ex, roomId, entityId));
  },
  getParticipantUserState(roomId: UUID, entityId: UUID): Promise<'FOLLOWED' | 'MUTED' | null> {
    return this.calls.read((ex) => participants.getParticipantUserState(ex, this.agentId, roomId, entityId));
  },
  setParticipantUserState(roomId: UUID, entityId: UUID, state: 'FOLLOWED' | 'MUTED' | null): Promise<void> {
    return this.calls.idempotentWrite((ex) =>
      participants.setParticipantUserState(ex, this.agentId, roomId, entityId, state),
    );
  },
});
