/** A database created AND filled by the reference `@elizaos/plugin-sql@1.7.2`, as an agent would. */
import * as referencePackage from '@elizaos/plugin-sql';

interface ReferenceAdapter {
  init(): Promise<void>;
  runPluginMigrations(plugins: { name: string; schema: unknown }[], options: object): Promise<void>;
  createAgent(agent: Record<string, unknown>): Promise<boolean>;
  createEntities(entities: Record<string, unknown>[]): Promise<boolean>;
  createWorld(world: Record<string, unknown>): Promise<string>;
  createRooms(rooms: Record<string, unknown>[]): Promise<string[]>;
  createMemory(memory: Record<string, unknown>, tableName: string): Promise<string>;
  log(params: Record<string, unknown>): Promise<void>;
  setCache(key: string, value: unknown): Promise<boolean>;
  close(): Promise<void>;
}
/** The part of the reference package used (its published types do not resolve under NodeNext). */
interface ReferencePackage {
  createDatabaseAdapter(
    config: { dataDir?: string; postgresUrl?: string },
    agentId: string,
  ): ReferenceAdapter;
  plugin: { name: string; schema: Record<string, unknown> };
}
const ref = referencePackage as unknown as ReferencePackage;

/** The reference plugin's own schema object and name. */
export const referencePlugin = ref.plugin;

export const AGENT_ID = '00000000-0000-4000-8000-00000000a11e';
const ENTITY_ID = '00000000-0000-4000-8000-0000000000e1';
const WORLD_ID = '00000000-0000-4000-8000-0000000000f1';
const ROOM_ID = '00000000-0000-4000-8000-0000000000b1';

/** Creates the reference schema in `config` and writes one agent, entity, world, room, memory, log and cache row. */
export async function createFilledReferenceDatabase(config: {
  dataDir?: string;
  postgresUrl?: string;
}): Promise<void> {
  const adapter = ref.createDatabaseAdapter(config, AGENT_ID);
  try {
    await adapter.init();
    await adapter.runPluginMigrations([{ name: ref.plugin.name, schema: ref.plugin.schema }], {});
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
  } finally {
    await adapter.close();
  }
}
