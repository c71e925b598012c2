import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { Entity, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addParticipantsRoom,
  getParticipantsForEntity,
  getParticipantsForRoom,
  getParticipantUserState,
  getRoomsForParticipant,
  getRoomsForParticipants,
  isRoomParticipant,
  removeParticipant,
  setParticipantUserState,
} from '../../src/stores/participant-store.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, countWhere, expectElizaError, seedAgent, seedEntity, seedRoom } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`participant store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    it('adds participants once, even when added again or listed twice', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      await expect(addParticipantsRoom(driver, agentId, [a, b, a], roomId)).resolves.toBe(true);
      await expect(addParticipantsRoom(driver, agentId, [a], roomId)).resolves.toBe(true);
      expect(await countWhere(driver, 'participants', 'room_id', roomId)).toBe(2);
      expect((await getParticipantsForRoom(driver, roomId)).sort()).toEqual([a, b].sort());
      expect(await isRoomParticipant(driver, roomId, a)).toBe(true);
      expect(await isRoomParticipant(driver, roomId, uuid())).toBe(false);
      await expect(addParticipantsRoom(driver, agentId, [], roomId)).resolves.toBe(true);
    });

    it('returns false and adds nobody when an entity or the room does not exist', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      await expect(addParticipantsRoom(driver, agentId, [a, uuid()], roomId)).resolves.toBe(false);
      expect(await getParticipantsForRoom(driver, roomId)).toEqual([]);
      await expect(addParticipantsRoom(driver, agentId, [a], uuid())).resolves.toBe(false);
    });

    it('a failed add inside a caller’s transaction leaves that transaction usable', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      const result = await driver.transaction(async (tx) => {
        const failed = await addParticipantsRoom(tx, agentId, [uuid()], roomId);
        const ok = await addParticipantsRoom(tx, agentId, [a], roomId);
        return [failed, ok];
      });
      expect(result).toEqual([false, true]);
      expect(await getParticipantsForRoom(driver, roomId)).toEqual([a]);
    });

    it('removes a participant: true once, then false', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      await addParticipantsRoom(driver, agentId, [a], roomId);
      await expect(removeParticipant(driver, a, roomId)).resolves.toBe(true);
      await expect(removeParticipant(driver, a, roomId)).resolves.toBe(false);
      expect(await isRoomParticipant(driver, roomId, a)).toBe(false);
    });

    it('lists an entity’s participations with the entity and its components', async () => {
      const r1 = await seedRoom(driver, agentId);
      const r2 = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId, ['Ann', 'A']);
      await addParticipantsRoom(driver, agentId, [a], r1);
      await addParticipantsRoom(driver, agentId, [a], r2);
      const participants = await getParticipantsForEntity(driver, agentId, a);
      expect(participants).toHaveLength(2);
      expect(new Set(participants.map((p) => p.id)).size).toBe(2);
      expect(participants[0]?.entity).toEqual({
        id: a,
        agentId,
        names: ['Ann', 'A'],
        metadata: { seeded: true },
        createdAt: expect.any(Date),
        components: [],
      });
      expect(await getParticipantsForEntity(driver, agentId, uuid())).toEqual([]);
      const custom = await getParticipantsForEntity(driver, agentId, a, async (_ex, _agentId, ids) =>
        ids.map((id) => ({ id, agentId, names: ['custom'], metadata: {} }) as Entity),
      );
      expect(custom[0]?.entity.names).toEqual(['custom']);
    });

    it('sets, reads and clears the room state per agent; validates the state', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      await addParticipantsRoom(driver, agentId, [a], roomId);
      expect(await getParticipantUserState(driver, agentId, roomId, a)).toBeNull();
      await setParticipantUserState(driver, agentId, roomId, a, 'FOLLOWED');
      expect(await getParticipantUserState(driver, agentId, roomId, a)).toBe('FOLLOWED');
      await setParticipantUserState(driver, agentId, roomId, a, 'MUTED');
      expect(await getParticipantUserState(driver, agentId, roomId, a)).toBe('MUTED');
      const other = await seedAgent(driver, 'other');
      expect(await getParticipantUserState(driver, other, roomId, a)).toBeNull();
      await setParticipantUserState(driver, agentId, roomId, a, null);
      expect(await getParticipantUserState(driver, agentId, roomId, a)).toBeNull();
      await expectElizaError(
        setParticipantUserState(driver, agentId, roomId, a, 'BLOCKED' as 'MUTED'),
        'INVALID_INPUT',
      );
    });

    it('lists the agent’s rooms of one or several participants, each once', async () => {
      const r1 = await seedRoom(driver, agentId);
      const r2 = await seedRoom(driver, agentId);
      const other = await seedAgent(driver, 'other');
      const theirs = await seedRoom(driver, other);
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      await addParticipantsRoom(driver, agentId, [a, b], r1);
      await addParticipantsRoom(driver, agentId, [a], r2);
      await addParticipantsRoom(driver, other, [a], theirs);
      expect((await getRoomsForParticipant(driver, agentId, a)).sort()).toEqual([r1, r2].sort());
      expect((await getRoomsForParticipants(driver, agentId, [a, b])).sort()).toEqual([r1, r2].sort());
      expect(await getRoomsForParticipants(driver, agentId, [b])).toEqual([r1]);
      expect(await getRoomsForParticipants(driver, agentId, [])).toEqual([]);
      expect(await getRoomsForParticipant(driver, other, a)).toEqual([theirs]);
    });

    it('reads rows duplicated by the reference once', async () => {
      const roomId = await seedRoom(driver, agentId);
      const a = await seedEntity(driver, agentId);
      for (let i = 0; i < 2; i++) {
        await driver.query(
          `INSERT INTO participants (entity_id, room_id, agent_id) VALUES ('${a}', '${roomId}', '${agentId}')`,
        );
      }
      expect(await getParticipantsForRoom(driver, roomId)).toEqual([a]);
      expect(await getRoomsForParticipant(driver, agentId, a)).toEqual([roomId]);
      await expect(removeParticipant(driver, a, roomId)).resolves.toBe(true);
      expect(await isRoomParticipant(driver, roomId, a)).toBe(false);
    });

    it('rejects ids carrying SQL as INVALID_INPUT', async () => {
      const roomId = await seedRoom(driver, agentId);
      for (const bad of BAD_IDS) {
        await expectElizaError(addParticipantsRoom(driver, agentId, [bad as UUID], roomId), 'INVALID_INPUT');
        await expectElizaError(removeParticipant(driver, bad as UUID, roomId), 'INVALID_INPUT');
        await expectElizaError(getParticipantsForRoom(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(isRoomParticipant(driver, roomId, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(getParticipantsForEntity(driver, agentId, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(getRoomsForParticipants(driver, agentId, [bad as UUID]), 'INVALID_INPUT');
        await expectElizaError(
          getParticipantUserState(driver, agentId, bad as UUID, uuid()),
          'INVALID_INPUT',
        );
      }
    });
  });
}
