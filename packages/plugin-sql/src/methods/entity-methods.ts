import type { Entity, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as entities from '../stores/entity-store.js';

/** Entities. */
export const entityMethods = methodGroup({
  getEntitiesByIds(entityIds: UUID[]): Promise<Entity[] | null> {
    return this.calls.read((ex) => entities.getEntitiesByIds(ex, this.agentId, entityIds));
  },
  /** Alias of getEntitiesByIds (reference extension). */
  getEntityByIds(entityIds: UUID[]): Promise<Entity[] | null> {
    return this.getEntitiesByIds(entityIds);
  },
  getEntitiesForRoom(roomId: UUID, includeComponents?: boolean): Promise<Entity[]> {
    return this.calls.read((ex) => entities.getEntitiesForRoom(ex, this.agentId, roomId, includeComponents));
  },
  createEntities(list: Entity[]): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => entities.createEntities(ex, list));
  },
  ensureEntityExists(entity: Entity): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => entities.ensureEntityExists(ex, entity));
  },
  updateEntity(entity: Entity): Promise<void> {
    return this.calls.idempotentWrite((ex) => entities.updateEntity(ex, entity));
  },
  deleteEntity(entityId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => entities.deleteEntity(ex, entityId));
  },
  getEntitiesByNames(params: { names: string[]; agentId: UUID }): Promise<Entity[]> {
    return this.calls.read((ex) => entities.getEntitiesByNames(ex, params));
  },
  searchEntitiesByName(params: { query: string; agentId: UUID; limit?: number }): Promise<Entity[]> {
    return this.calls.read((ex) => entities.searchEntitiesByName(ex, params));
  },
});
