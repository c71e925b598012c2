import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { ChannelType, type UUID } from '@elizaos/core';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import type { TestBackend } from './backends.js';

/** An adapter on a fresh database, with an agent, its world, a room and a user entity in it. */
export interface AdapterFixture {
  readonly driver: DatabaseDriver;
  readonly adapter: SqlDatabaseAdapter;
  readonly agentId: UUID;
  readonly worldId: UUID;
  readonly roomId: UUID;
  readonly userId: UUID;
}

/** Opens a fresh database on `backend` and seeds the fixture. */
export async function createAdapterFixture(backend: TestBackend): Promise<AdapterFixture> {
  const driver = await backend.open();
  const agentId = uuid();
  const adapter = new SqlDatabaseAdapter(agentId, { driver, ownsDriver: false, logger: silentSqlLogger });
  await adapter.init();
  await adapter.createAgent({ id: agentId, name: 'Fixture Agent', bio: ['a test agent'] });
  const worldId = await adapter.createWorld({ id: uuid(), name: 'World', agentId, messageServerId: uuid() });
  const [roomId] = await adapter.createRooms([
    { id: uuid(), name: 'Room', agentId, source: 'test', type: ChannelType.GROUP, worldId },
  ]);
  const userId = uuid();
  await adapter.createEntities([
    { id: agentId, names: ['Fixture Agent'], agentId, metadata: {} },
    { id: userId, names: ['User'], agentId, metadata: {} },
  ]);
  await adapter.addParticipantsRoom([agentId, userId], roomId as UUID);
  return { driver, adapter, agentId, worldId, roomId: roomId as UUID, userId };
}

/** A deterministic unit vector of `dimension` pointing mostly along axis `axis` (plus a small tilt). */
export function axisVector(dimension: number, axis: number, tilt = 0): number[] {
  const v = new Array<number>(dimension).fill(0);
  v[axis % dimension] = 1;
  v[(axis + 1) % dimension] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A deterministic PRNG (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
