import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { Relationship, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRelationship,
  getRelationship,
  getRelationships,
  updateRelationship,
} from '../../src/stores/relationship-store.js';
import { pgErrorCode } from '../../src/stores/store-values.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, expectElizaError, seedAgent, seedEntity } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`relationship store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    it('creates a relationship and reads it back exactly', async () => {
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      const metadata = { strength: 0.75, notes: ['met at "x"'], nested: { ok: true, none: null } };
      await expect(
        createRelationship(driver, agentId, {
          sourceEntityId: a,
          targetEntityId: b,
          tags: ['friend', 'ally'],
          metadata,
        }),
      ).resolves.toBe(true);
      const rel = await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b });
      expect(rel).toMatchObject({
        sourceEntityId: a,
        targetEntityId: b,
        agentId,
        tags: ['friend', 'ally'],
        metadata,
      });
      expect(new Date(rel?.createdAt ?? '').toISOString()).toBe(rel?.createdAt);
      expect(await getRelationship(driver, agentId, { sourceEntityId: b, targetEntityId: a })).toBeNull();
    });

    it('defaults tags to [] and metadata to {}', async () => {
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      await createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b });
      expect(await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b })).toMatchObject({
        tags: [],
        metadata: {},
      });
    });

    it('a duplicate or a missing entity throws its constraint violation; a caller’s transaction stays usable', async () => {
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      await createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b });
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'none',
          (e: unknown) => pgErrorCode(e),
        );
      expect(await code(createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b }))).toBe(
        '23505',
      );
      expect(
        await code(createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: uuid() })),
      ).toBe('23503');
      const c = await seedEntity(driver, agentId);
      const inTx = await driver.transaction(async (tx) => [
        await code(createRelationship(tx, agentId, { sourceEntityId: a, targetEntityId: b })),
        await createRelationship(tx, agentId, { sourceEntityId: a, targetEntityId: c }),
      ]);
      expect(inTx).toEqual(['23505', true]);
    });

    it('updates tags and metadata', async () => {
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      await createRelationship(driver, agentId, {
        sourceEntityId: a,
        targetEntityId: b,
        tags: ['x'],
        metadata: { v: 1 },
      });
      const rel = (await getRelationship(driver, agentId, {
        sourceEntityId: a,
        targetEntityId: b,
      })) as Relationship;
      await updateRelationship(driver, { ...rel, tags: ['y', 'z'], metadata: { v: 2 } });
      expect(await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b })).toMatchObject({
        id: rel.id,
        tags: ['y', 'z'],
        metadata: { v: 2 },
      });
    });

    it('lists relationships by entity in either role, and the tags filter really filters (tags: [] shares no tag)', async () => {
      const me = await seedEntity(driver, agentId);
      const [b, c, d, e] = await Promise.all([1, 2, 3, 4].map(() => seedEntity(driver, agentId)));
      await createRelationship(driver, agentId, {
        sourceEntityId: me,
        targetEntityId: b as UUID,
        tags: ['friend'],
      });
      await createRelationship(driver, agentId, {
        sourceEntityId: c as UUID,
        targetEntityId: me,
        tags: ['colleague'],
      });
      await createRelationship(driver, agentId, {
        sourceEntityId: me,
        targetEntityId: d as UUID,
        tags: ['friend', 'colleague'],
      });
      await createRelationship(driver, agentId, { sourceEntityId: me, targetEntityId: e as UUID, tags: [] });
      await createRelationship(driver, agentId, {
        sourceEntityId: b as UUID,
        targetEntityId: c as UUID,
        tags: ['friend'],
      });
      const others = (rels: Relationship[]) =>
        rels.map((r) => (r.sourceEntityId === me ? r.targetEntityId : r.sourceEntityId)).sort();
      expect(others(await getRelationships(driver, agentId, { entityId: me }))).toEqual([b, c, d, e].sort());
      expect(await getRelationships(driver, agentId, { entityId: me, tags: [] })).toEqual([]);
      expect(others(await getRelationships(driver, agentId, { entityId: me, tags: ['friend'] }))).toEqual(
        [b, d].sort(),
      );
      expect(others(await getRelationships(driver, agentId, { entityId: me, tags: ['colleague'] }))).toEqual(
        [c, d].sort(),
      );
      expect(
        others(await getRelationships(driver, agentId, { entityId: me, tags: ['friend', 'colleague'] })),
      ).toEqual([b, c, d].sort());
      expect(await getRelationships(driver, agentId, { entityId: me, tags: ['enemy'] })).toEqual([]);
      expect(
        await getRelationships(driver, agentId, { entityId: me, tags: ["friend'] OR true --"] }),
      ).toEqual([]);
    });

    it('reads only the calling agent’s relationships when several agents recorded one', async () => {
      const other = await seedAgent(driver, 'other');
      const a = await seedEntity(driver, agentId);
      const b = await seedEntity(driver, agentId);
      const c = await seedEntity(driver, agentId);
      await createRelationship(driver, other, { sourceEntityId: a, targetEntityId: b, tags: ['theirs'] });
      await createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b, tags: ['mine'] });
      await createRelationship(driver, other, { sourceEntityId: a, targetEntityId: c, tags: ['theirs'] });
      expect(
        (await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b }))?.tags,
      ).toEqual(['mine']);
      expect((await getRelationship(driver, other, { sourceEntityId: a, targetEntityId: b }))?.tags).toEqual([
        'theirs',
      ]);
      expect(await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: c })).toBeNull();
      expect((await getRelationships(driver, agentId, { entityId: a })).map((r) => r.tags)).toEqual([
        ['mine'],
      ]);
    });

    it('rejects bad ids, non-string tags and NUL characters', async () => {
      const a = await seedEntity(driver, agentId);
      for (const bad of BAD_IDS) {
        await expectElizaError(
          createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: bad as UUID }),
          'INVALID_INPUT',
        );
        await expectElizaError(getRelationships(driver, agentId, { entityId: bad as UUID }), 'INVALID_INPUT');
      }
      await expectElizaError(
        getRelationships(driver, agentId, { entityId: a, tags: [1 as unknown as string] }),
        'INVALID_INPUT',
      );
      const b = await seedEntity(driver, agentId);
      await expectElizaError(
        createRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b, tags: ['a\u0000'] }),
        'UNSTORABLE_VALUE',
      );
      expect(await getRelationship(driver, agentId, { sourceEntityId: a, targetEntityId: b })).toBeNull();
    });
  });
}
