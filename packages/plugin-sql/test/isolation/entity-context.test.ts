/**
 * The entity context (`withEntityContext`) narrows memories, logs, components, tasks and participants
 * to the rooms the entity participates in; ids carrying SQL are rejected as invalid input.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { ChannelType, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getOrCreateRlsServer,
  installDataIsolation,
  isElizaSqlError,
  SqlDatabaseAdapter,
  setIsolationContext,
} from '../../src/index.js';
import { createIsolatedDatabase, expectRlsRefusal, type IsolatedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();
const INJECTIONS = [
  "x'; DROP TABLE memories; --",
  "00000000-0000-0000-0000-000000000000' OR '1'='1",
  '00000000-0000-0000-0000-000000000000; SELECT 1',
];

describe.runIf(url)('data isolation by entity [postgres]', () => {
  const serverId = uuid();
  const [e1, e2, r1, r2, m1, m2] = [uuid(), uuid(), uuid(), uuid(), uuid(), uuid()];
  let db: IsolatedDatabase;
  let app: DatabaseDriver;
  let adapter: SqlDatabaseAdapter;

  const roomIdsOf = (rows: ReadonlyArray<{ roomId?: UUID | null }>) => rows.map((r) => r.roomId).sort();

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
    await installDataIsolation(db.owner, { serverId });
    adapter = await db.tenantAdapter(serverId);
    app = await adapter.getDriver();
    const agentId = adapter.agentId;
    await adapter.createAgent({ id: agentId, name: 'agent', bio: ['x'] });
    await adapter.createEntities([
      { id: agentId, names: ['agent'], agentId, metadata: {} },
      { id: e1, names: ['one'], agentId, metadata: {} },
      { id: e2, names: ['two'], agentId, metadata: {} },
    ]);
    const worldId = await adapter.createWorld({ id: uuid(), name: 'w', agentId, messageServerId: uuid() });
    await adapter.createRooms([
      { id: r1, name: 'r1', agentId, source: 't', type: ChannelType.GROUP, worldId },
      { id: r2, name: 'r2', agentId, source: 't', type: ChannelType.GROUP, worldId },
    ]);
    await adapter.addParticipantsRoom([e1, agentId], r1);
    await adapter.addParticipantsRoom([e2, agentId], r2);
    for (const [id, entityId, roomId] of [
      [m1, e1, r1],
      [m2, e2, r2],
    ] as const) {
      await adapter.createMemory({ id, entityId, agentId, roomId, content: { text: id } }, 'messages');
      await adapter.log({ body: {}, entityId, roomId, type: 'action' });
      await adapter.createTask({ name: `t-${roomId}`, description: 'd', roomId, worldId, tags: [] });
    }
  });
  afterAll(async () => {
    await adapter?.close();
    await db?.cleanup();
  });

  it('without an entity context the server sees every room', async () => {
    const rows = await adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [r1, r2] });
    expect(roomIdsOf(rows)).toEqual([r1, r2].sort());
    expect(roomIdsOf(await adapter.getLogs({}))).toEqual([r1, r2].sort());
  });

  it('an entity context shows only that entity’s rooms, through every call of the callback', async () => {
    await adapter.withEntityContext(e1, async () => {
      const rows = await adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [r1, r2] });
      expect(rows.map((m) => m.id)).toEqual([m1]);
      expect(await adapter.getMemoryById(m2)).toBeNull();
      expect(await adapter.countMemories(r2, false, 'messages')).toBe(0);
      expect(roomIdsOf(await adapter.getLogs({}))).toEqual([r1]);
      expect(roomIdsOf(await adapter.getTasks({}))).toEqual([r1]);
      expect(await adapter.getParticipantsForRoom(r2)).toEqual([]);
      // null clears it for a nested block
      const all = await adapter.withEntityContext(null, () =>
        adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [r1, r2] }),
      );
      expect(all).toHaveLength(2);
    });
  });

  it('concurrent contexts do not leak into each other', async () => {
    const look = (entity: UUID) =>
      adapter.withEntityContext(entity, async () => {
        const seen: UUID[] = [];
        for (let i = 0; i < 5; i++) {
          const rows = await adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [r1, r2] });
          seen.push(...rows.map((m) => m.id as UUID));
        }
        return [...new Set(seen)];
      });
    const [one, two] = await Promise.all([look(e1), look(e2)]);
    expect(one).toEqual([m1]);
    expect(two).toEqual([m2]);
  });

  it('an entity cannot write into a room it is not in', async () => {
    await expectRlsRefusal(
      adapter.withEntityContext(e1, () =>
        adapter.createMemory(
          { entityId: e1, agentId: adapter.agentId, roomId: r2, content: { text: 'x' } },
          'messages',
        ),
      ),
    );
    expect(await adapter.countMemories(r2, false, 'messages')).toBe(1);
  });

  it('ids carrying SQL are rejected as invalid input, and nothing runs', async () => {
    for (const bad of INJECTIONS) {
      const expectInvalid = async (p: Promise<unknown>) => {
        const err = await p.then(
          () => null,
          (e: unknown) => e,
        );
        expect(isElizaSqlError(err, 'INVALID_INPUT'), `${bad}: ${String(err)}`).toBe(true);
      };
      await expectInvalid(adapter.withEntityContext(bad as UUID, async () => 1));
      await expectInvalid(adapter.withIsolationContext(bad as UUID, async () => 1));
      await expectInvalid(adapter.getMemoryById(bad as UUID));
      await expectInvalid(adapter.getMemoriesByRoomIds({ tableName: 'messages', roomIds: [bad as UUID] }));
      await expectInvalid(getOrCreateRlsServer(db.owner, bad as UUID));
      await expectInvalid(app.transaction((tx) => setIsolationContext(tx, serverId, bad as UUID)));
      await expectInvalid(app.transaction((tx) => setIsolationContext(tx, bad as UUID, null)));
      expect(
        () => new SqlDatabaseAdapter(uuid(), { driver: app, isolation: { serverId: bad as UUID } }),
      ).toThrow(/isolation\.serverId: expected a UUID/);
    }
    const [row] = await db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM memories');
    expect(row?.n).toBe(2);
  });
});
