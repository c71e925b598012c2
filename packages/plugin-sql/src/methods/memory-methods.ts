import type { Memory, MemoryMetadata, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as deletion from '../stores/delete-memories.js';
import * as search from '../stores/memory-search.js';
import * as memories from '../stores/memory-store.js';

/** Memories, their embeddings and search. */
export const memoryMethods = methodGroup({
  getMemories(params: memories.GetMemoriesParams): Promise<Memory[]> {
    return this.calls.read((ex) => memories.getMemories(ex, this.embeddings.memoryScope, params));
  },
  getMemoryById(id: UUID): Promise<Memory | null> {
    return this.calls.read((ex) => memories.getMemoryById(ex, this.embeddings.memoryScope, id));
  },
  getMemoriesByIds(ids: UUID[], tableName?: string): Promise<Memory[]> {
    return this.calls.read((ex) =>
      memories.getMemoriesByIds(ex, this.embeddings.memoryScope, ids, tableName),
    );
  },
  getMemoriesByRoomIds(params: { tableName: string; roomIds: UUID[]; limit?: number }): Promise<Memory[]> {
    return this.calls.read((ex) => memories.getMemoriesByRoomIds(ex, this.embeddings.memoryScope, params));
  },
  getMemoriesByWorldId(params: { worldId: UUID; count?: number; tableName?: string }): Promise<Memory[]> {
    return this.calls.read((ex) => memories.getMemoriesByWorldId(ex, this.embeddings.memoryScope, params));
  },
  /** Not implemented by the reference either: always []. */
  async getMemoriesByServerId(_params: { serverId: UUID; count?: number }): Promise<Memory[]> {
    return [];
  },
  getCachedEmbeddings(
    params: search.CachedEmbeddingsParams,
  ): Promise<{ embedding: number[]; levenshtein_score: number }[]> {
    return this.calls.read((ex) => search.getCachedEmbeddings(ex, this.embeddings.memoryScope, params));
  },
  searchMemories(params: search.SearchMemoriesParams): Promise<Memory[]> {
    return this.calls.read((ex) => search.searchMemories(ex, this.embeddings.memoryScope, params));
  },
  /** The reference's other entry point to the same search. */
  searchMemoriesByEmbedding(
    embedding: number[],
    params: Omit<search.SearchMemoriesParams, 'embedding'>,
  ): Promise<Memory[]> {
    return this.searchMemories({ ...params, embedding });
  },
  /** Creates a memory; `unique` (as the runtime passes it) applies when `memory.unique` is unset. */
  createMemory(memory: Memory, tableName: string, unique?: boolean): Promise<UUID> {
    const given = memory.unique === undefined && unique !== undefined ? { ...memory, unique } : memory;
    return this.calls.write((ex) => memories.createMemory(ex, this.embeddings.memoryScope, given, tableName));
  },
  /** Bulk insert (extension): validated up front, one transaction, chunked under the bind limit. */
  createMemories(list: Memory[], tableName: string): Promise<UUID[]> {
    return this.calls.write((ex) =>
      memories.createMemories(ex, this.embeddings.memoryScope, list, tableName),
    );
  },
  updateMemory(memory: Partial<Memory> & { id: UUID; metadata?: MemoryMetadata }): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => memories.updateMemory(ex, this.embeddings.memoryScope, memory));
  },
  deleteMemory(memoryId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) =>
      deletion.deleteMemory(ex, this.embeddings.memoryScope, memoryId),
    );
  },
  deleteManyMemories(memoryIds: UUID[]): Promise<void> {
    return this.calls.idempotentWrite((ex) =>
      deletion.deleteManyMemories(ex, this.embeddings.memoryScope, memoryIds),
    );
  },
  deleteAllMemories(roomId: UUID, tableName: string): Promise<void> {
    return this.calls.idempotentWrite((ex) =>
      deletion.deleteAllMemories(ex, this.embeddings.memoryScope, roomId, tableName),
    );
  },
  countMemories(roomId: UUID, unique = true, tableName = ''): Promise<number> {
    return this.calls.read((ex) =>
      memories.countMemories(ex, this.embeddings.memoryScope, roomId, unique, tableName),
    );
  },
});
