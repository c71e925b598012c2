/**
 * Fills a database for the data-transfer tests: an elizaOS AgentRuntime conversation (the real client),
 * then synthetic rows added in a few set-based statements (memories with random embeddings, messaging
 * with replies), so a copy has every table, every column type and thousands of rows to move.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createEmbedderPlugin } from '@eliza-sql/test-support';
import { AgentRuntime, ChannelType, type Character, type UUID, stringToUuid } from '@elizaos/core';
import { migrateCoreSchema } from '../../src/data-transfer/migrate-core-schema.js';
import sqlPlugin from '../../src/index.js';

/** Where the runtime stores its data: a PGlite directory or a PostgreSQL URL. */
export type RuntimeLocation = { readonly PGLITE_DATA_DIR: string } | { readonly POSTGRES_URL: string };

/** Runs a short conversation of agent `name` through a real AgentRuntime on `location`; resolves with its id. */
export async function runConversation(location: RuntimeLocation, name: string): Promise<UUID> {
  const character: Character = {
    name,
    bio: ['copies databases'],
    settings: { ...location, secrets: { OPENAI_API_KEY: 'sk-not-a-real-key' } },
    secrets: { DISCORD_TOKEN: 'not-a-real-token' },
  };
  const runtime = new AgentRuntime({ character, plugins: [sqlPlugin, createEmbedderPlugin()] });
  await runtime.initialize();
  try {
    const userId = stringToUuid(`user-of-${name}`);
    const roomId = stringToUuid(`room-of-${name}`);
    const worldId = stringToUuid(`world-of-${name}`);
    await runtime.ensureConnection({
      entityId: userId,
      roomId,
      worldId,
      userName: 'alice',
      name: 'Alice',
      source: 'test',
      type: ChannelType.GROUP,
      channelId: 'general',
      messageServerId: stringToUuid('copy-server'),
    });
    const world = await runtime.getWorld(worldId);
    if (world) {
      world.metadata = {
        ...world.metadata,
        settings: {
          API_KEY: { name: 'API_KEY', description: 'a key', value: 'world-secret', secret: true },
          GREETING: { name: 'GREETING', description: 'public', value: 'hello', secret: false },
        },
      };
      await runtime.updateWorld(world);
    }
    for (const text of ['I love hiking', 'My cat is called Pixel', 'Pizza, always pizza']) {
      const memory = await runtime.addEmbeddingToMemory({
        entityId: userId,
        agentId: runtime.agentId,
        roomId,
        worldId,
        content: { text, source: 'test' },
      });
      await runtime.createMemory(memory, 'messages');
    }
    await runtime.createRelationship({
      sourceEntityId: runtime.agentId,
      targetEntityId: userId,
      tags: ['friend'],
      metadata: { since: 2024 },
    });
    await runtime.createComponent({
      id: stringToUuid(`component-of-${name}`),
      entityId: userId,
      agentId: runtime.agentId,
      roomId,
      worldId,
      sourceEntityId: runtime.agentId,
      type: 'profile',
      data: { score: 0.1 + 0.2, tags: ['a', 'b'] },
      createdAt: Date.now(),
    });
    await runtime.log({ entityId: userId, roomId, type: 'action', body: { ok: true, n: 1e-7 } });
    await runtime.createTask({
      name: 'follow-up',
      description: 'ask again',
      roomId,
      worldId,
      tags: ['queue'],
      metadata: {},
    });
    await runtime.setCache('copy-cache', { at: '2024-01-01', list: [1, 2.5, null] });
    return runtime.agentId;
  } finally {
    await runtime.close();
  }
}

/**
 * Adds `count` synthetic memories of `agentId` (room and entity of its conversation), the first
 * `withEmbeddings` of them with random 384-dimension embeddings, microsecond timestamps and jsonb content, plus a message server, a
 * channel and messages replying to each other; set-based, a few statements whatever `count`.
 */
export async function addSyntheticRows(
  driver: DatabaseDriver,
  agentId: UUID,
  name: string,
  count: number,
  withEmbeddings: number,
): Promise<void> {
  const roomId = stringToUuid(`room-of-${name}`);
  const userId = stringToUuid(`user-of-${name}`);
  // HNSW inserts row by row are slow on PGlite (~15 ms a vector): drop the index, build it once after
  await driver.query('DROP INDEX IF EXISTS idx_embeddings_dim_384_hnsw');
  await driver.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO memories (id, type, created_at, content, entity_id, agent_id, room_id, "unique", metadata)
       SELECT gen_random_uuid(), 'messages',
              timestamp '2024-01-01' + (g * interval '1.000001 second'),
              jsonb_build_object('text', 'synthetic ' || g, 'n', g * 0.1, 'nested', jsonb_build_array(g, 'x', null)),
              '${userId}', '${agentId}', '${roomId}', g % 2 = 0,
              jsonb_build_object('type', 'message', 'position', g)
       FROM generate_series(1, ${count}) g`,
    );
    await tx.query(
      `INSERT INTO embeddings (memory_id, created_at, dim_384)
       SELECT m.id, m.created_at, (SELECT array_agg(random() * 2 - 1)::vector(384)
                                   FROM generate_series(1, 384) WHERE m.id IS NOT NULL)
       FROM memories m WHERE m.agent_id = '${agentId}' AND m.content->>'text' LIKE 'synthetic %'
       ORDER BY m.created_at LIMIT ${withEmbeddings}`,
    );
    const serverId = stringToUuid(`synthetic-server-${name}`);
    await tx.query(
      `INSERT INTO message_servers (id, name, source_type) VALUES ('${serverId}', 'synthetic', 'test') ON CONFLICT DO NOTHING;`,
    );
    await tx.query(
      `INSERT INTO message_server_agents (message_server_id, agent_id) VALUES ('${serverId}', '${agentId}') ON CONFLICT DO NOTHING`,
    );
    await tx.query(
      `INSERT INTO channels (id, message_server_id, name, type) VALUES ('chan-${name}', '${serverId}', 'general', 'GROUP') ON CONFLICT DO NOTHING`,
    );
    await tx.query(
      `INSERT INTO channel_participants (channel_id, entity_id) VALUES ('chan-${name}', '${userId}') ON CONFLICT DO NOTHING`,
    );
    // ids sort against their reply order ('z' before 'a' roots), so a copy in key order meets replies first
    await tx.query(
      `INSERT INTO central_messages (id, channel_id, author_id, content, raw_message)
       SELECT 'z-root-${name}-' || g, 'chan-${name}', '${userId}', 'root ' || g, jsonb_build_object('g', g)
       FROM generate_series(1, 5) g`,
    );
    await tx.query(
      `INSERT INTO central_messages (id, channel_id, author_id, content, in_reply_to_root_message_id)
       SELECT 'a-reply-${name}-' || g, 'chan-${name}', '${agentId}', 'reply ' || g, 'z-root-${name}-' || (g % 5 + 1)
       FROM generate_series(1, 10) g`,
    );
  });
  await migrateCoreSchema(driver); // the migrator builds the dropped index again
}

/** An agent with its entity and room, inserted directly (no runtime): for tests that only need rows to move. */
export async function seedAgent(driver: DatabaseDriver, name: string): Promise<UUID> {
  const agentId = stringToUuid(`agent-${name}`);
  await driver.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO agents (id, name, settings) VALUES ('${agentId}', '${name}', '{"secrets": {"TOKEN": "t"}}')`,
    );
    await tx.query(
      `INSERT INTO entities (id, agent_id, names) VALUES ('${stringToUuid(`user-of-${name}`)}', '${agentId}', ARRAY['Alice', 'a"b'])`,
    );
    await tx.query(
      `INSERT INTO rooms (id, agent_id, source, type) VALUES ('${stringToUuid(`room-of-${name}`)}', '${agentId}', 'test', 'GROUP')`,
    );
  });
  return agentId;
}
