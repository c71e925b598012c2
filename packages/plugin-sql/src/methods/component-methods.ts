import type { Component, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as components from '../stores/component-store.js';

/** Components of entities. */
export const componentMethods = methodGroup({
  getComponent(
    entityId: UUID,
    type: string,
    worldId?: UUID,
    sourceEntityId?: UUID,
  ): Promise<Component | null> {
    return this.calls.read((ex) =>
      components.getComponent(ex, this.agentId, entityId, type, worldId, sourceEntityId),
    );
  },
  getComponents(entityId: UUID, worldId?: UUID, sourceEntityId?: UUID): Promise<Component[]> {
    return this.calls.read((ex) =>
      components.getComponents(ex, this.agentId, entityId, worldId, sourceEntityId),
    );
  },
  createComponent(component: Component): Promise<boolean> {
    return this.calls.write((ex) => components.createComponent(ex, component));
  },
  updateComponent(component: Component): Promise<void> {
    return this.calls.idempotentWrite((ex) => components.updateComponent(ex, component));
  },
  deleteComponent(componentId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => components.deleteComponent(ex, componentId));
  },
});
