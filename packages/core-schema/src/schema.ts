import { agentTable } from './tables/agent-table.js';
import { cacheTable } from './tables/cache-table.js';
import { channelParticipantsTable } from './tables/channel-participants-table.js';
import { channelTable } from './tables/channel-table.js';
import { componentTable } from './tables/component-table.js';
import { embeddingTable } from './tables/embedding-table.js';
import { entityTable } from './tables/entity-table.js';
import { logTable } from './tables/log-table.js';
import { memoryTable } from './tables/memory-table.js';
import { messageServerAgentsTable } from './tables/message-server-agents-table.js';
import { messageServerTable } from './tables/message-server-table.js';
import { messageTable } from './tables/message-table.js';
import { participantTable } from './tables/participant-table.js';
import { relationshipTable } from './tables/relationship-table.js';
import { roomTable } from './tables/room-table.js';
import { serverTable } from './tables/server-table.js';
import { taskTable } from './tables/task-table.js';
import { worldTable } from './tables/world-table.js';

/**
 * Every core table, keyed by the reference's export names: what a plugin passes to the migrator
 * (`{ name: '@elizaos/plugin-sql', schema }`) and what `drizzle(..., { schema })` accepts.
 */
export const schema = {
  agentTable,
  cacheTable,
  channelParticipantsTable,
  channelTable,
  componentTable,
  embeddingTable,
  entityTable,
  logTable,
  memoryTable,
  messageServerAgentsTable,
  messageServerTable,
  messageTable,
  participantTable,
  relationshipTable,
  roomTable,
  serverTable,
  taskTable,
  worldTable,
} as const;

/** The type of {@link schema}. */
export type CoreSchema = typeof schema;

export {
  agentTable,
  cacheTable,
  channelParticipantsTable,
  channelTable,
  componentTable,
  embeddingTable,
  entityTable,
  logTable,
  memoryTable,
  messageServerAgentsTable,
  messageServerTable,
  messageTable,
  participantTable,
  relationshipTable,
  roomTable,
  serverTable,
  taskTable,
  worldTable,
};
