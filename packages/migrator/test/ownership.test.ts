import { schema as coreSchema } from '@eliza-sql/core-schema';
import { generateDrizzleJson } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { createSnapshot, ownedObjects } from '../src/index.js';

describe('ownedObjects', () => {
  it('reads our snapshots', () => {
    const owned = ownedObjects(createSnapshot(coreSchema));
    expect(owned.tables.has('public.memories')).toBe(true);
    expect(owned.columns.has('public.memories.metadata')).toBe(true);
    expect(owned.indexes.has('public.embeddings.idx_embeddings_dim_3072_hnsw')).toBe(true);
    expect(owned.constraints.has('public.memories.fk_agent')).toBe(true);
    expect(owned.constraints.has('public.memories.fk_no_such')).toBe(false);
  });

  it("reads drizzle-kit's JSON (what @elizaos/plugin-sql@1.7.2 stored) the same way", () => {
    const ours = ownedObjects(createSnapshot(coreSchema));
    const kit = ownedObjects(generateDrizzleJson(coreSchema));
    expect([...kit.tables].sort()).toEqual([...ours.tables].sort());
    expect([...kit.columns].sort()).toEqual([...ours.columns].sort());
    expect([...kit.indexes].sort()).toEqual([...ours.indexes].sort());
  });

  it('is empty for anything else', () => {
    expect(ownedObjects(null).tables.size).toBe(0);
    expect(ownedObjects({ tables: 'nope' }).columns.size).toBe(0);
  });
});
