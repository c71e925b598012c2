import type { Relationship, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import { refusedAsFalse } from '../refused-as-false.js';
import * as relationships from '../stores/relationship-store.js';

/** Relationships between entities. */
export const relationshipMethods = methodGroup({
  createRelationship(params: {
    sourceEntityId: UUID;
    targetEntityId: UUID;
    tags?: string[];
    metadata?: Record<string, unknown>;
  }): Promise<boolean> {
    // False (logged) for a duplicate or a missing entity, as the reference.
    return refusedAsFalse(this.logger, 'createRelationship', () =>
      this.calls.write((ex) => relationships.createRelationship(ex, this.agentId, params)),
    );
  },
  updateRelationship(relationship: Relationship): Promise<void> {
    return this.calls.idempotentWrite((ex) => relationships.updateRelationship(ex, relationship));
  },
  getRelationship(params: { sourceEntityId: UUID; targetEntityId: UUID }): Promise<Relationship | null> {
    return this.calls.read((ex) => relationships.getRelationship(ex, this.agentId, params));
  },
  getRelationships(params: { entityId: UUID; tags?: string[] }): Promise<Relationship[]> {
    return this.calls.read((ex) => relationships.getRelationships(ex, this.agentId, params));
  },
});
