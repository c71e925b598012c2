/**
 * Child process of the server test: runs `@elizaos/server@1.7.2`'s `AgentServer` with one offline
 * agent. Which SQL plugin the server gets is decided by how this process was started (see
 * `server-process.ts`): ours through the package's dependency override, or the reference through
 * `reference-plugin-hook.mjs`. Configuration comes from the environment:
 * `SERVER_TEST_PORT`, and `SERVER_TEST_DATA_DIR` (PGlite) or `POSTGRES_URL` (PostgreSQL).
 * Prints `READY <port>` once the HTTP API and the agent are up; SIGTERM is the server's own shutdown.
 */
import { AgentServer } from '@elizaos/server';
import { offlineModelPlugin } from './offline-model-plugin.js';

const port = Number(process.env.SERVER_TEST_PORT);
const postgresUrl = process.env.POSTGRES_URL || undefined;
const dataDir = process.env.SERVER_TEST_DATA_DIR;

const server = new AgentServer();
await server.start({
  port,
  dataDir,
  postgresUrl,
  agents: [
    {
      character: {
        name: 'Offline',
        username: 'offline',
        bio: ['An agent that answers without a network.'],
        system: 'Answer briefly.',
        topics: ['databases'],
        adjectives: ['terse'],
        style: { all: ['short'], chat: [], post: [] },
        messageExamples: [],
        postExamples: [],
        plugins: [],
        settings: {},
      },
      plugins: [offlineModelPlugin],
    },
  ],
});
console.log(`READY ${port}`);
