import type { InputFields, InputSpec } from './input-kinds.js';
import type { PublicMethod } from './public-methods.js';

/** One parameter of a public method: its name (as error messages show it) and what it takes. */
export type MethodParameter = readonly [name: string, spec: InputSpec];

const optional = (spec: InputSpec): InputSpec => ({ optional: spec });
const object = (fields: InputFields): InputSpec => ({ object: fields });
const listOf = (spec: InputSpec): InputSpec => ({ listOf: spec });

const ID: InputSpec = 'id';
const OPTIONAL_ID = optional('id');
const OPTIONAL_TEXT = optional('text');
const OPTIONAL_JSON = optional('json');
const OPTIONAL_OBJECT = optional('jsonObject');

/** A memory as `createMemory` / `createMemories` store it (interface `Memory`). */
const MEMORY = object({
  id: OPTIONAL_ID,
  entityId: OPTIONAL_ID,
  agentId: OPTIONAL_ID,
  roomId: OPTIONAL_ID,
  worldId: OPTIONAL_ID,
  content: OPTIONAL_JSON,
  metadata: OPTIONAL_JSON,
  embedding: optional('embedding'),
  createdAt: optional('epochMsOrDate'),
  unique: optional('boolean'),
});

/** Filters shared by `searchMemories` and `searchMemoriesByEmbedding`. */
const SEARCH_FILTERS: InputFields = {
  tableName: 'tableName',
  match_threshold: optional('similarity'),
  count: optional('count'),
  unique: optional('boolean'),
  query: OPTIONAL_TEXT,
  roomId: OPTIONAL_ID,
  worldId: OPTIONAL_ID,
  entityId: OPTIONAL_ID,
};

const ENTITY = object({
  id: ID,
  agentId: ID,
  names: optional('names'),
  metadata: OPTIONAL_JSON,
});

/** A component; `worldId` / `sourceEntityId` may be `''`, how a component without one reads back. */
const componentOf = (id: InputSpec): InputSpec =>
  object({
    id,
    entityId: ID,
    agentId: ID,
    roomId: ID,
    worldId: optional('idOrEmpty'),
    sourceEntityId: optional('idOrEmpty'),
    type: 'text',
    data: OPTIONAL_JSON,
  });

/** A world; `serverId` is a platform's own id (any string), `messageServerId` a UUID. */
const worldOf = (id: InputSpec): InputSpec =>
  object({
    id,
    agentId: OPTIONAL_ID,
    name: OPTIONAL_TEXT,
    metadata: OPTIONAL_OBJECT,
    serverId: OPTIONAL_TEXT,
    messageServerId: OPTIONAL_ID,
  });

/** A room (`source` and `type` are required to create one, optional in an update). */
const roomOf = (id: InputSpec, required: InputSpec): InputSpec =>
  object({
    id,
    agentId: OPTIONAL_ID,
    source: required,
    type: required,
    worldId: OPTIONAL_ID,
    name: OPTIONAL_TEXT,
    metadata: OPTIONAL_OBJECT,
    channelId: OPTIONAL_TEXT,
    serverId: OPTIONAL_TEXT,
    messageServerId: OPTIONAL_ID,
  });

/** A task (`name` and `worldId` are required to create one, optional in an update). */
const taskOf = (required: (spec: InputSpec) => InputSpec): InputSpec =>
  object({
    id: OPTIONAL_ID,
    name: required('text'),
    description: OPTIONAL_TEXT,
    roomId: OPTIONAL_ID,
    worldId: required('id'),
    entityId: OPTIONAL_ID,
    tags: optional('textList'),
    metadata: OPTIONAL_OBJECT,
  });

/** An agent (`Partial<Agent>`): the columns the adapter stores. */
const AGENT = object({
  id: OPTIONAL_ID,
  name: OPTIONAL_TEXT,
  username: OPTIONAL_TEXT,
  system: OPTIONAL_TEXT,
  enabled: optional('boolean'),
  createdAt: optional('epochMsOrDate'),
  updatedAt: optional('epochMsOrDate'),
  settings: OPTIONAL_OBJECT,
  bio: OPTIONAL_JSON,
  messageExamples: OPTIONAL_JSON,
  postExamples: OPTIONAL_JSON,
  topics: OPTIONAL_JSON,
  adjectives: OPTIONAL_JSON,
  knowledge: OPTIONAL_JSON,
  plugins: OPTIONAL_JSON,
  style: OPTIONAL_JSON,
});

const MESSAGE_FIELDS: InputFields = {
  rawMessage: OPTIONAL_OBJECT,
  sourceType: OPTIONAL_TEXT,
  sourceId: OPTIONAL_TEXT,
  metadata: OPTIONAL_OBJECT,
  inReplyToRootMessageId: OPTIONAL_ID,
};

const none: readonly MethodParameter[] = [];
const one = (name: string, spec: InputSpec): readonly MethodParameter[] => [[name, spec]];
const roomAndEntity: readonly MethodParameter[] = [
  ['roomId', ID],
  ['entityId', ID],
];

/**
 * What every public method takes, parameter by parameter (object parameters field by field), checked
 * by {@link validateInputs} before the method body. Extra arguments and unlisted fields are not looked
 * at. An entry per public method is required by the type, so a new method cannot skip validation.
 */
export const METHOD_INPUTS: { readonly [method in PublicMethod]: readonly MethodParameter[] } = {
  // lifecycle and handles
  init: none,
  initialize: one('config', 'any'),
  runPluginMigrations: [
    ['plugins', listOf(object({ name: 'text' }))],
    ['options', 'any'],
  ],
  getMigrationService: none,
  isReady: none,
  close: none,
  getConnection: none,
  getDatabase: none,
  getDriver: none,
  withEntityContext: [
    ['entityId', OPTIONAL_ID],
    ['callback', 'callback'],
  ],
  withIsolationContext: [
    ['entityId', OPTIONAL_ID],
    ['callback', 'callback'],
  ],
  getDataIsolation: none,
  ensureEmbeddingDimension: one('dimension', 'dimension'),
  changeEmbeddingDimension: one('dimension', 'dimension'),
  getEmbeddingDimension: none,
  // agents
  getAgent: one('agentId', ID),
  getAgents: none,
  createAgent: one('agent', AGENT),
  updateAgent: [
    ['agentId', ID],
    ['agent', AGENT],
  ],
  deleteAgent: one('agentId', ID),
  countAgents: none,
  cleanupAgents: none,
  ensureAgentExists: one('agent', AGENT),
  // entities and components
  getEntitiesByIds: one('entityIds', 'idList'),
  getEntityByIds: one('entityIds', 'idList'),
  getEntitiesForRoom: [
    ['roomId', ID],
    ['includeComponents', optional('boolean')],
  ],
  createEntities: one('entities', listOf(ENTITY)),
  ensureEntityExists: one('entity', ENTITY),
  updateEntity: one('entity', ENTITY),
  deleteEntity: one('entityId', ID),
  getEntitiesByNames: one('params', object({ names: 'textList', agentId: ID })),
  searchEntitiesByName: one(
    'params',
    object({ query: OPTIONAL_TEXT, agentId: ID, limit: optional('count') }),
  ),
  getComponent: [
    ['entityId', ID],
    ['type', 'text'],
    ['worldId', optional('idOrEmpty')],
    ['sourceEntityId', optional('idOrEmpty')],
  ],
  getComponents: [
    ['entityId', ID],
    ['worldId', optional('idOrEmpty')],
    ['sourceEntityId', optional('idOrEmpty')],
  ],
  createComponent: one('component', componentOf(OPTIONAL_ID)),
  updateComponent: one('component', componentOf(ID)),
  deleteComponent: one('componentId', ID),
  // memories
  getMemories: one(
    'params',
    object({
      tableName: 'tableName',
      count: optional('count'),
      offset: optional('offset'),
      start: optional('epochMs'),
      end: optional('epochMs'),
      unique: optional('boolean'),
      agentId: OPTIONAL_ID,
      entityId: OPTIONAL_ID,
      roomId: OPTIONAL_ID,
      worldId: OPTIONAL_ID,
    }),
  ),
  getMemoryById: one('id', ID),
  getMemoriesByIds: [
    ['ids', 'idList'],
    ['tableName', optional('tableName')],
  ],
  getMemoriesByRoomIds: one(
    'params',
    object({ tableName: 'tableName', roomIds: 'idList', limit: optional('count') }),
  ),
  getMemoriesByWorldId: one(
    'params',
    object({ worldId: ID, count: optional('count'), tableName: optional('tableName') }),
  ),
  getMemoriesByServerId: one('params', object({ serverId: ID, count: optional('count') })),
  getCachedEmbeddings: one(
    'params',
    object({
      query_table_name: 'tableName',
      query_threshold: 'editDistance',
      query_input: 'text',
      query_field_name: 'text',
      query_field_sub_name: 'text',
      query_match_count: optional('count'),
    }),
  ),
  searchMemories: one('params', object({ embedding: 'embedding', ...SEARCH_FILTERS })),
  searchMemoriesByEmbedding: [
    ['embedding', 'embedding'],
    ['params', object(SEARCH_FILTERS)],
  ],
  createMemory: [
    ['memory', MEMORY],
    ['tableName', 'tableName'],
    ['unique', optional('boolean')],
  ],
  createMemories: [
    ['memories', listOf(MEMORY)],
    ['tableName', 'tableName'],
  ],
  updateMemory: one(
    'memory',
    object({ id: ID, content: OPTIONAL_JSON, metadata: OPTIONAL_JSON, embedding: optional('embedding') }),
  ),
  deleteMemory: one('memoryId', ID),
  deleteManyMemories: one('memoryIds', 'idList'),
  deleteAllMemories: [
    ['roomId', ID],
    ['tableName', 'tableName'],
  ],
  countMemories: [
    ['roomId', ID],
    ['unique', optional('boolean')],
    ['tableName', optional('tableName')],
  ],
  // logs
  log: one('params', object({ body: OPTIONAL_JSON, entityId: ID, roomId: ID, type: 'text' })),
  getLogs: one(
    'params',
    object({
      entityId: OPTIONAL_ID,
      roomId: OPTIONAL_ID,
      type: OPTIONAL_TEXT,
      count: optional('count'),
      offset: optional('offset'),
    }),
  ),
  deleteLog: one('logId', ID),
  getAgentRunSummaries: one(
    'params',
    optional(
      object({
        limit: optional('count'),
        roomId: OPTIONAL_ID,
        entityId: OPTIONAL_ID,
        status: optional({ oneOf: ['started', 'completed', 'timeout', 'error', 'all'] }),
        from: optional('epochMs'),
        to: optional('epochMs'),
      }),
    ),
  ),
  // worlds, rooms, participants, relationships
  createWorld: one('world', worldOf(OPTIONAL_ID)),
  getWorld: one('id', ID),
  getAllWorlds: none,
  updateWorld: one('world', worldOf(ID)),
  removeWorld: one('id', ID),
  getRoomsByIds: one('roomIds', 'idList'),
  getRoomsByWorld: one('worldId', ID),
  createRooms: one('rooms', listOf(roomOf(OPTIONAL_ID, 'text'))),
  updateRoom: one('room', roomOf(ID, OPTIONAL_TEXT)),
  deleteRoom: one('roomId', ID),
  deleteRoomsByWorldId: one('worldId', ID),
  getRoomsForParticipant: one('entityId', ID),
  getRoomsForParticipants: one('entityIds', 'idList'),
  addParticipant: [
    ['entityId', ID],
    ['roomId', ID],
  ],
  addParticipantsRoom: [
    ['entityIds', 'idList'],
    ['roomId', ID],
  ],
  removeParticipant: [
    ['entityId', ID],
    ['roomId', ID],
  ],
  getParticipantsForEntity: one('entityId', ID),
  getParticipantsForRoom: one('roomId', ID),
  isRoomParticipant: roomAndEntity,
  getParticipantUserState: roomAndEntity,
  setParticipantUserState: [...roomAndEntity, ['state', { oneOf: ['FOLLOWED', 'MUTED', null] }]],
  createRelationship: one(
    'params',
    object({
      sourceEntityId: ID,
      targetEntityId: ID,
      tags: optional('textList'),
      metadata: OPTIONAL_OBJECT,
    }),
  ),
  updateRelationship: one(
    'relationship',
    object({
      id: ID,
      sourceEntityId: OPTIONAL_ID,
      targetEntityId: OPTIONAL_ID,
      tags: optional('textList'),
      metadata: OPTIONAL_OBJECT,
    }),
  ),
  getRelationship: one('params', object({ sourceEntityId: ID, targetEntityId: ID })),
  getRelationships: one('params', object({ entityId: ID, tags: optional('textList') })),
  // cache and tasks
  getCache: one('key', 'text'),
  setCache: [
    ['key', 'text'],
    ['value', 'json'],
  ],
  deleteCache: one('key', 'text'),
  createTask: one(
    'task',
    taskOf((spec) => spec),
  ),
  getTasks: one(
    'params',
    optional(object({ roomId: OPTIONAL_ID, tags: optional('textList'), entityId: OPTIONAL_ID })),
  ),
  getTask: one('id', ID),
  getTasksByName: one('name', 'text'),
  updateTask: [
    ['id', ID],
    ['task', taskOf(optional)],
  ],
  deleteTask: one('id', ID),
  // messaging
  createMessageServer: one(
    'data',
    object({
      id: OPTIONAL_ID,
      name: 'text',
      sourceType: 'text',
      sourceId: OPTIONAL_TEXT,
      metadata: OPTIONAL_OBJECT,
    }),
  ),
  getMessageServers: none,
  getMessageServerById: one('serverId', ID),
  getMessageServerByRlsServerId: one('rlsServerId', ID),
  addAgentToMessageServer: [
    ['messageServerId', ID],
    ['agentId', ID],
  ],
  getAgentsForMessageServer: one('messageServerId', ID),
  removeAgentFromMessageServer: [
    ['messageServerId', ID],
    ['agentId', ID],
  ],
  createChannel: [
    [
      'data',
      object({
        id: OPTIONAL_ID,
        messageServerId: ID,
        name: 'text',
        type: 'text',
        sourceType: OPTIONAL_TEXT,
        sourceId: OPTIONAL_TEXT,
        topic: OPTIONAL_TEXT,
        metadata: OPTIONAL_OBJECT,
      }),
    ],
    ['participantIds', optional('idList')],
  ],
  getChannelsForMessageServer: one('messageServerId', ID),
  getChannelDetails: one('channelId', ID),
  updateChannel: [
    ['channelId', ID],
    [
      'updates',
      object({
        name: OPTIONAL_TEXT,
        participantCentralUserIds: optional('idList'),
        metadata: OPTIONAL_OBJECT,
      }),
    ],
  ],
  deleteChannel: one('channelId', ID),
  findOrCreateDmChannel: [
    ['user1Id', ID],
    ['user2Id', ID],
    ['messageServerId', ID],
  ],
  addChannelParticipants: [
    ['channelId', ID],
    ['entityIds', 'idList'],
  ],
  getChannelParticipants: one('channelId', ID),
  isChannelParticipant: [
    ['channelId', ID],
    ['entityId', ID],
  ],
  createMessage: one(
    'data',
    object({ messageId: OPTIONAL_ID, channelId: ID, authorId: ID, content: 'text', ...MESSAGE_FIELDS }),
  ),
  getMessageById: one('id', ID),
  updateMessage: [
    ['id', ID],
    ['patch', object({ content: OPTIONAL_TEXT, ...MESSAGE_FIELDS })],
  ],
  deleteMessage: one('messageId', ID),
  getMessagesForChannel: [
    ['channelId', ID],
    ['limit', optional('count')],
    ['beforeTimestamp', optional('date')],
  ],
  getMessagesForChannelPage: [
    ['channelId', ID],
    ['options', optional(object({ limit: optional('count'), cursor: OPTIONAL_TEXT }))],
  ],
};
