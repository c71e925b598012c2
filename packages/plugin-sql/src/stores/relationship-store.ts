/**
 * Relationships: directed, tagged links between two entities, recorded per agent
 * (one per source, target and agent).
 */
import type { Metadata, Relationship, UUID } from '@elizaos/core';
import { relationshipTable } from '@eliza-sql/core-schema';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { and, arrayOverlaps, eq, or } from 'drizzle-orm';
import { assertUuid } from '../validation.js';
import { toRelationship } from './row-mappers.js';
import { selectOldestFirst } from './select-oldest-first.js';
import { assertObject, isGiven, jsonbObject, newUuid, textList } from './store-values.js';

/** `createRelationship` input. */
export interface CreateRelationshipInput {
  sourceEntityId: UUID;
  targetEntityId: UUID;
  tags?: string[];
  metadata?: Metadata;
}

/**
 * Records a relationship of `agentId`; true when created. A duplicate (the agent already has one from
 * this source to this target) or a missing entity throws the constraint violation (23505 / 23503): the
 * adapter answers `false` for it, as the reference, and logs it.
 */
export async function createRelationship(
  ex: SqlExecutor,
  agentId: UUID,
  params: CreateRelationshipInput,
): Promise<boolean> {
  assertUuid('agentId', agentId);
  assertObject('params', params);
  const values = {
    id: newUuid(),
    sourceEntityId: assertUuid('params.sourceEntityId', params.sourceEntityId),
    targetEntityId: assertUuid('params.targetEntityId', params.targetEntityId),
    agentId,
    tags: params.tags === undefined || params.tags === null ? [] : textList('params.tags', params.tags),
    metadata: jsonbObject('params.metadata', params.metadata),
  };
  // A savepoint, so a constraint violation inside a caller's transaction leaves it usable.
  await ex.transaction((tx) => tx.db.insert(relationshipTable).values(values));
  return true;
}

/** Replaces a relationship's tags and metadata (absent ones become [] and {}), by id. */
export async function updateRelationship(ex: SqlExecutor, relationship: Relationship): Promise<void> {
  assertObject('relationship', relationship);
  const id = assertUuid('relationship.id', relationship.id);
  const tags =
    relationship.tags === undefined || relationship.tags === null
      ? []
      : textList('relationship.tags', relationship.tags);
  const metadata = jsonbObject('relationship.metadata', relationship.metadata);
  await ex.db.update(relationshipTable).set({ tags, metadata }).where(eq(relationshipTable.id, id));
}

/** `agentId`'s relationship from source to target, or null (another agent's record is not this agent's). */
export async function getRelationship(
  ex: SqlExecutor,
  agentId: UUID,
  params: { sourceEntityId: UUID; targetEntityId: UUID },
): Promise<Relationship | null> {
  assertUuid('agentId', agentId);
  assertObject('params', params);
  const source = assertUuid('params.sourceEntityId', params.sourceEntityId);
  const target = assertUuid('params.targetEntityId', params.targetEntityId);
  const between = and(
    eq(relationshipTable.sourceEntityId, source),
    eq(relationshipTable.targetEntityId, target),
    eq(relationshipTable.agentId, agentId),
  );
  const [relationship] = await selectOldestFirst(ex, relationshipTable, between, toRelationship, 1);
  return relationship ?? null;
}

/**
 * `agentId`'s relationships in which the entity is source or target, oldest first. With `tags`, only
 * those sharing at least one tag with the list (the reference's `&&`), so `tags: []` matches none.
 */
export async function getRelationships(
  ex: SqlExecutor,
  agentId: UUID,
  params: { entityId: UUID; tags?: string[] },
): Promise<Relationship[]> {
  assertUuid('agentId', agentId);
  assertObject('params', params);
  const entityId = assertUuid('params.entityId', params.entityId);
  const tags = isGiven(params.tags) ? textList('params.tags', params.tags) : undefined;
  if (tags?.length === 0) return [];
  const involves = or(
    eq(relationshipTable.sourceEntityId, entityId),
    eq(relationshipTable.targetEntityId, entityId),
  );
  const where = and(
    involves,
    eq(relationshipTable.agentId, agentId),
    tags ? arrayOverlaps(relationshipTable.tags, tags) : undefined,
  );
  return selectOldestFirst(ex, relationshipTable, where, toRelationship);
}
