import type {
  Agent,
  AgentRunSummaryResult,
  Component,
  Entity,
  Log,
  Memory,
  MemoryMetadata,
  UUID,
} from '@elizaos/core';
import { SqlAdapterBase } from './sql-adapter-base.js';
import { agentFunctionFields } from './stores/agent-extra-fields.js';
import * as agents from './stores/agent-store.js';
import * as components from './stores/component-store.js';
import * as deletion from './stores/delete-memories.js';
import * as entities from './stores/entity-store.js';
import * as logs from './stores/log-store.js';
import * as search from './stores/memory-search.js';
import * as memories from './stores/memory-store.js';
import { getAgentRunSummaries, type RunSummaryParams } from './stores/run-summaries.js';

/** Agents, entities, components, memories (with embeddings and search) and logs. */
export abstract class CoreStoreAdapter extends SqlAdapterBase {
  getAgent(agentId: UUID): Promise<Agent | null> {
    return this.read((ex) => agents.getAgent(ex, agentId));
  }
  getAgents(): Promise<Partial<Agent>[]> {
    return this.read((ex) => agents.getAgents(ex));
  }
  createAgent(agent: Partial<Agent>): Promise<boolean> {
    this.warnFunctionFields('createAgent', agent);
    return this.write((ex) => agents.createAgent(ex, agent));
  }
  updateAgent(agentId: UUID, agent: Partial<Agent>): Promise<boolean> {
    this.warnFunctionFields('updateAgent', agent);
    return this.write((ex) => agents.updateAgent(ex, agentId, agent));
  }
  /** Function templates are valid in a character but are code: the store leaves them out, said once here. */
  private warnFunctionFields(method: string, agent: Partial<Agent>): void {
    const fields = agentFunctionFields(agent);
    if (fields.length > 0) {
      this.logger.warn(`${method}: functions are not stored, they stay in the running character only`, {
        fields,
      });
    }
  }
  deleteAgent(agentId: UUID): Promise<boolean> {
    return this.run((ex) => agents.deleteAgent(ex, agentId), true);
  }
  countAgents(): Promise<number> {
    return this.read((ex) => agents.countAgents(ex));
  }
  cleanupAgents(): Promise<void> {
    return this.run((ex) => agents.cleanupAgents(ex), true);
  }
  /** The agent of this adapter, created from `agent` when missing (reference extension). */
  async ensureAgentExists(agent: Partial<Agent>): Promise<Agent> {
    const existing = await this.getAgent(this.agentId);
    if (existing) return existing;
    await this.createAgent({
      ...agent,
      id: this.agentId,
      name: agent.name || 'Unknown Agent',
      bio: agent.bio || 'An AI agent',
    });
    const created = await this.getAgent(this.agentId);
    if (!created) throw new Error(`Agent ${this.agentId} was not found after it was created`);
    return created;
  }

  getEntitiesByIds(entityIds: UUID[]): Promise<Entity[] | null> {
    return this.read((ex) => entities.getEntitiesByIds(ex, this.agentId, entityIds));
  }
  /** Alias of getEntitiesByIds (reference extension). */
  getEntityByIds(entityIds: UUID[]): Promise<Entity[] | null> {
    return this.getEntitiesByIds(entityIds);
  }
  getEntitiesForRoom(roomId: UUID, includeComponents?: boolean): Promise<Entity[]> {
    return this.read((ex) => entities.getEntitiesForRoom(ex, this.agentId, roomId, includeComponents));
  }
  createEntities(list: Entity[]): Promise<boolean> {
    return this.run((ex) => entities.createEntities(ex, list), true);
  }
  ensureEntityExists(entity: Entity): Promise<boolean> {
    return this.run((ex) => entities.ensureEntityExists(ex, entity), true);
  }
  updateEntity(entity: Entity): Promise<void> {
    return this.run((ex) => entities.updateEntity(ex, entity), true);
  }
  deleteEntity(entityId: UUID): Promise<void> {
    return this.run((ex) => entities.deleteEntity(ex, entityId), true);
  }
  getEntitiesByNames(params: { names: string[]; agentId: UUID }): Promise<Entity[]> {
    return this.read((ex) => entities.getEntitiesByNames(ex, params));
  }
  searchEntitiesByName(params: { query: string; agentId: UUID; limit?: number }): Promise<Entity[]> {
    return this.read((ex) => entities.searchEntitiesByName(ex, params));
  }

  getComponent(
    entityId: UUID,
    type: string,
    worldId?: UUID,
    sourceEntityId?: UUID,
  ): Promise<Component | null> {
    return this.read((ex) =>
      components.getComponent(ex, this.agentId, entityId, type, worldId, sourceEntityId),
    );
  }
  getComponents(entityId: UUID, worldId?: UUID, sourceEntityId?: UUID): Promise<Component[]> {
    return this.read((ex) => components.getComponents(ex, this.agentId, entityId, worldId, sourceEntityId));
  }
  createComponent(component: Component): Promise<boolean> {
    return this.write((ex) => components.createComponent(ex, component));
  }
  updateComponent(component: Component): Promise<void> {
    return this.run((ex) => components.updateComponent(ex, component), true);
  }
  deleteComponent(componentId: UUID): Promise<void> {
    return this.run((ex) => components.deleteComponent(ex, componentId), true);
  }

  getMemories(params: memories.GetMemoriesParams): Promise<Memory[]> {
    return this.read((ex) => memories.getMemories(ex, this.memoryScope, params));
  }
  getMemoryById(id: UUID): Promise<Memory | null> {
    return this.read((ex) => memories.getMemoryById(ex, this.memoryScope, id));
  }
  getMemoriesByIds(ids: UUID[], tableName?: string): Promise<Memory[]> {
    return this.read((ex) => memories.getMemoriesByIds(ex, this.memoryScope, ids, tableName));
  }
  getMemoriesByRoomIds(params: { tableName: string; roomIds: UUID[]; limit?: number }): Promise<Memory[]> {
    return this.read((ex) => memories.getMemoriesByRoomIds(ex, this.memoryScope, params));
  }
  getMemoriesByWorldId(params: { worldId: UUID; count?: number; tableName?: string }): Promise<Memory[]> {
    return this.read((ex) => memories.getMemoriesByWorldId(ex, this.memoryScope, params));
  }
  /** Not implemented by the reference either: always []. */
  async getMemoriesByServerId(_params: { serverId: UUID; count?: number }): Promise<Memory[]> {
    return [];
  }
  getCachedEmbeddings(
    params: search.CachedEmbeddingsParams,
  ): Promise<{ embedding: number[]; levenshtein_score: number }[]> {
    return this.read((ex) => search.getCachedEmbeddings(ex, this.memoryScope, params));
  }
  searchMemories(params: search.SearchMemoriesParams): Promise<Memory[]> {
    return this.read((ex) => search.searchMemories(ex, this.memoryScope, params));
  }
  /** The reference's other entry point to the same search. */
  searchMemoriesByEmbedding(
    embedding: number[],
    params: Omit<search.SearchMemoriesParams, 'embedding'>,
  ): Promise<Memory[]> {
    return this.searchMemories({ ...params, embedding });
  }
  /** Creates a memory; `unique` (as the runtime passes it) applies when `memory.unique` is unset. */
  createMemory(memory: Memory, tableName: string, unique?: boolean): Promise<UUID> {
    const given = memory.unique === undefined && unique !== undefined ? { ...memory, unique } : memory;
    return this.write((ex) => memories.createMemory(ex, this.memoryScope, given, tableName));
  }
  /** Bulk insert (extension): validated up front, one transaction, chunked under the bind limit. */
  createMemories(list: Memory[], tableName: string): Promise<UUID[]> {
    return this.write((ex) => memories.createMemories(ex, this.memoryScope, list, tableName));
  }
  updateMemory(memory: Partial<Memory> & { id: UUID; metadata?: MemoryMetadata }): Promise<boolean> {
    return this.run((ex) => memories.updateMemory(ex, this.memoryScope, memory), true);
  }
  deleteMemory(memoryId: UUID): Promise<void> {
    return this.run((ex) => deletion.deleteMemory(ex, this.memoryScope, memoryId), true);
  }
  deleteManyMemories(memoryIds: UUID[]): Promise<void> {
    return this.run((ex) => deletion.deleteManyMemories(ex, this.memoryScope, memoryIds), true);
  }
  deleteAllMemories(roomId: UUID, tableName: string): Promise<void> {
    return this.run((ex) => deletion.deleteAllMemories(ex, this.memoryScope, roomId, tableName), true);
  }
  countMemories(roomId: UUID, unique = true, tableName = ''): Promise<number> {
    return this.read((ex) => memories.countMemories(ex, this.memoryScope, roomId, unique, tableName));
  }

  log(params: logs.LogParams): Promise<void> {
    return this.write((ex) => logs.createLog(ex, params));
  }
  getLogs(params: logs.GetLogsParams): Promise<Log[]> {
    return this.read((ex) => logs.getLogs(ex, this.agentId, params));
  }
  deleteLog(logId: UUID): Promise<void> {
    return this.run((ex) => logs.deleteLog(ex, logId), true);
  }
  getAgentRunSummaries(params: RunSummaryParams = {}): Promise<AgentRunSummaryResult> {
    return this.read((ex) => getAgentRunSummaries(ex, this.agentId, params));
  }
}
