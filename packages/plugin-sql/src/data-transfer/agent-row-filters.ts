/**
 * Which rows of each core table belong to agent `agentId` (a validated UUID), as SQL conditions on
 * alias `t`: the agent's own rows, plus the entities, rooms and worlds they reference (so an import
 * satisfies every foreign key), and, with `includeMessaging`, the message servers the agent belongs
 * to with their channels and messages. Tables without a condition are not exported.
 */
export function agentRowFilters(agentId: string, includeMessaging: boolean): Record<string, string> {
  const a = `'${agentId}'::uuid`;
  const entities = [
    `SELECT id FROM entities WHERE agent_id = ${a}`,
    `SELECT entity_id FROM memories WHERE agent_id = ${a}`,
    `SELECT entity_id FROM participants WHERE agent_id = ${a}`,
    `SELECT entity_id FROM components WHERE agent_id = ${a}`,
    `SELECT source_entity_id FROM components WHERE agent_id = ${a}`,
    `SELECT source_entity_id FROM relationships WHERE agent_id = ${a}`,
    `SELECT target_entity_id FROM relationships WHERE agent_id = ${a}`,
  ].join(' UNION ');
  const rooms = [
    `SELECT id FROM rooms WHERE agent_id = ${a}`,
    `SELECT room_id FROM participants WHERE agent_id = ${a}`,
    `SELECT room_id FROM memories WHERE agent_id = ${a}`,
    `SELECT room_id FROM components WHERE agent_id = ${a}`,
  ].join(' UNION ');
  const worlds = [
    `SELECT id FROM worlds WHERE agent_id = ${a}`,
    `SELECT world_id FROM components WHERE agent_id = ${a}`,
  ].join(' UNION ');
  const own = `t.agent_id = ${a}`;
  const filters: Record<string, string> = {
    agents: `t.id = ${a}`,
    entities: `t.id IN (${entities})`,
    rooms: `t.id IN (${rooms})`,
    worlds: `t.id IN (${worlds})`,
    components: own,
    participants: own,
    memories: own,
    relationships: own,
    tasks: own,
    cache: own,
    embeddings: `t.memory_id IN (SELECT id FROM memories WHERE agent_id = ${a})`,
    logs: `t.room_id IN (${rooms}) AND t.entity_id IN (${entities})`,
  };
  if (!includeMessaging) return filters;
  const servers = `SELECT message_server_id FROM message_server_agents WHERE agent_id = ${a}`;
  const channels = `SELECT id FROM channels WHERE message_server_id IN (${servers})`;
  return {
    ...filters,
    message_servers: `t.id IN (${servers})`,
    message_server_agents: own,
    channels: `t.message_server_id IN (${servers})`,
    channel_participants: `t.channel_id IN (${channels})`,
    central_messages: `t.channel_id IN (${channels})`,
  };
}

/** The messaging tables: shared between agents, so an import keeps a row already there. */
export const SHARED_MESSAGING_TABLES: readonly string[] = [
  'message_servers',
  'message_server_agents',
  'channels',
  'channel_participants',
  'central_messages',
];
