/** The rows the upgrade test has the reference `@elizaos/plugin-sql@1.7.2` write, and its plugin schema. */
import * as referencePackage from '@elizaos/plugin-sql';
import type { ReferenceAdapterLifecycle } from '@eliza-sql/test-support';

/** The reference module, for `createReferenceDatabase({ reference })`. */
export const reference: unknown = referencePackage;

/** The reference plugin's own schema object and name (its published types do not resolve under NodeNext). */
export const referencePlugin = (
  referencePackage as unknown as { plugin: { name: string; schema: Record<string, unknown> } }
).plugin;

/** The reference adapter's methods the fill below calls. */
export interface ReferenceAdapter extends ReferenceAdapterLifecycle {
  createAgent(agent: Record<string, unknown>): Promise<boolean>;
  createEntities(entities: Record<string, unknown>[]): Promise<boolean>;
  createWorld(world: Record<string, unknown>): Promise<string>;
  createRooms(rooms: Record<string, unknown>[]): Promise<string[]>;
  createMemory(memory: Record<string, unknown>, tableName: string): Promise<string>;
  log(params: Record<string, unknown>): Promise<void>;
  setCache(key: string, value: unknown): Promise<boolean>;
}

export const AGENT_ID = '00000000-0000-4000-8000-00000000a11e';
const ENTITY_ID = '00000000-0000-4000-8000-0000000000e1';
const WORLD_ID = '00000000-0000-4000-8000-0000000000f1';
const ROOM_ID = '00000000-0000-4000-8000-0000000000b1';

/** Writes one agent, entity, world, room, memory, log and cache row through the reference adapter. */
export async function fillReferenceDatabase(adapter: ReferenceAdapter): Promise<void> {
  await adapter.createAgent({ id: AGENT_ID, name: 'Ref Agent', bio: ['kept'], enabled: true });
  await adapter.createEntities([{ id: ENTITY_ID, agentId: AGENT_ID, names: ['Alice'], metadata: {} }]);
  await adapter.createWorld({ id: WORLD_ID, agentId: AGENT_ID, name: 'World', messageServerId: WORLD_ID });
  await adapter.createRooms([
    { id: ROOM_ID, agentId: AGENT_ID, source: 'test', type: 'GROUP', worldId: WORLD_ID },
  ]);
  await adapter.createMemory(
    {
      entityId: ENTITY_ID,
      agentId: AGENT_ID,
      roomId: ROOM_ID,
      content: { text: 'hello from 1.7.2' },
      embedding: Array.from({ length: 384 }, (_, i) => (i % 7) / 7),
    },
    'messages',
  );
  await adapter.log({ entityId: ENTITY_ID, roomId: ROOM_ID, type: 'action', body: { ok: true } });
  await adapter.setCache('greeting', { hello: 'world' });
}
