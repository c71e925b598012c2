/**
 * Demo: an elizaOS AgentRuntime on @eliza-sql/plugin-sql. Boots on the embedded default (PGlite in a
 * temporary data dir, or PGLITE_DATA_DIR), or on PostgreSQL when POSTGRES_URL is set; stores a short
 * conversation with embeddings from a deterministic local embedder, prints semantic recall and the
 * migration status, and exits.
 *
 *   pnpm demo
 *   POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres pnpm demo
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.LOG_LEVEL ??= 'error'; // keep the runtime quiet; set LOG_LEVEL=info to see everything

const { AgentRuntime, ChannelType, stringToUuid } = await import('@elizaos/core');
const { default: sqlPlugin, SqlDatabaseAdapter } = await import('@eliza-sql/plugin-sql');
const { createEmbedderPlugin, embedText } = await import('@eliza-sql/test-support');

const started = Date.now();
const postgresUrl = process.env.POSTGRES_URL;
const tempDir =
  postgresUrl || process.env.PGLITE_DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'eliza-sql-demo-'));
const settings: Record<string, string> = postgresUrl
  ? { POSTGRES_URL: postgresUrl }
  : { PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR ?? (tempDir as string) };

const runtime = new AgentRuntime({
  character: { name: 'Demo Agent', bio: ['remembers what you tell it'], settings },
  plugins: [sqlPlugin, createEmbedderPlugin()],
});

try {
  await runtime.initialize();
  const adapter = runtime.adapter as InstanceType<typeof SqlDatabaseAdapter>;
  const backend = (await adapter.getDriver()).capabilities.backend;
  console.log(
    `Agent "${runtime.character.name}" is up on ${backend} (${postgresUrl ? 'POSTGRES_URL' : settings.PGLITE_DATA_DIR})`,
  );

  const userId = stringToUuid(`demo-user-${runtime.agentId}`);
  const roomId = stringToUuid(`demo-room-${Date.now()}`); // a fresh room per run: a persistent database stays tidy
  await runtime.ensureConnection({
    entityId: userId,
    roomId,
    worldId: stringToUuid(`demo-world-${runtime.agentId}`),
    name: 'Alice',
    userName: 'alice',
    source: 'demo',
    type: ChannelType.DM,
    channelId: 'demo',
    messageServerId: stringToUuid('demo-server'),
  });

  const conversation: Array<[string, 'user' | 'agent']> = [
    ['Hi! I just moved to Lisbon for a new job.', 'user'],
    ['Welcome to Lisbon! What kind of job?', 'agent'],
    ['I write firmware for electric bikes.', 'user'],
    ['My dog Pixel loves the beach at Carcavelos.', 'user'],
    ['On weekends I bake sourdough bread.', 'user'],
    ['Sourdough takes patience. How old is your starter?', 'agent'],
  ];
  for (const [text, who] of conversation) {
    const memory = await runtime.addEmbeddingToMemory({
      entityId: who === 'user' ? userId : runtime.agentId,
      agentId: runtime.agentId,
      roomId,
      content: { text, source: 'demo' },
    });
    await runtime.createMemory(memory, 'messages');
  }
  console.log(
    `Stored ${await runtime.countMemories(roomId, false, 'messages')} messages with ${embedText('').length}-dimension embeddings.\n`,
  );

  for (const question of [
    'what is the name of your dog',
    'where did you move for the job',
    'do you bake bread',
  ]) {
    const hits = await runtime.searchMemories({
      tableName: 'messages',
      roomId,
      embedding: embedText(question),
      count: 2,
    });
    console.log(`Q: ${question}`);
    for (const hit of hits) console.log(`   ${(hit.similarity ?? 0).toFixed(3)}  ${hit.content.text}`);
  }

  const status = await (await adapter.getMigrationService()).getMigrator().getStatus('@elizaos/plugin-sql');
  const last = status.lastMigration;
  console.log(
    `\nMigration status of @elizaos/plugin-sql: ${status.hasRun ? 'migrated' : 'not migrated'}` +
      (last
        ? `, last migration ${last.hash.slice(0, 12)} at ${new Date(last.timestamp).toISOString()}`
        : '') +
      `, ${status.snapshots} snapshot(s)`,
  );
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await runtime.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
