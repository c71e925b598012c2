import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgentToMessageServer,
  createMessageServer,
  getAgentsForMessageServer,
  getMessageServerById,
  getMessageServerByRlsServerId,
  getMessageServers,
  removeAgentFromMessageServer,
} from '../../src/stores/message-server-store.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, expectElizaError, seedAgent } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`message server store [${backend.name}]`, () => {
    let driver: DatabaseDriver;

    beforeAll(async () => {
      driver = await backend.open();
    });
    afterAll(() => backend.cleanup());

    it('creates a server with a given id and reads it back exactly', async () => {
      const id = uuid();
      const created = await createMessageServer(driver, {
        id,
        name: 'Guild',
        sourceType: 'discord',
        sourceId: '1234',
        metadata: { icon: 'x.png', n: 3 },
      });
      expect(created).toMatchObject({
        id,
        name: 'Guild',
        sourceType: 'discord',
        sourceId: '1234',
        metadata: { icon: 'x.png', n: 3 },
      });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await getMessageServerById(driver, id)).toEqual(created);
    });

    it('generates an id; optional fields read as undefined', async () => {
      const created = await createMessageServer(driver, { name: 'web', sourceType: 'eliza_default' });
      expect(created.sourceId).toBeUndefined();
      expect(created.metadata).toBeUndefined();
      expect(await getMessageServerById(driver, created.id)).toEqual(created);
    });

    it('returns the existing server, unchanged, when created again with its id', async () => {
      const id = uuid();
      const first = await createMessageServer(driver, { id, name: 'first', sourceType: 's' });
      const second = await createMessageServer(driver, { id, name: 'second', sourceType: 's' });
      expect(second).toEqual(first);
    });

    it('lists servers and returns null for an unknown id', async () => {
      const a = await createMessageServer(driver, { name: 'a', sourceType: 's' });
      const ids = (await getMessageServers(driver)).map((s) => s.id);
      expect(ids).toContain(a.id);
      expect(await getMessageServerById(driver, uuid())).toBeNull();
    });

    it('adds, lists and removes agents idempotently', async () => {
      const server = await createMessageServer(driver, { name: 'agents', sourceType: 's' });
      const a = await seedAgent(driver);
      const b = await seedAgent(driver);
      await addAgentToMessageServer(driver, server.id, a);
      await addAgentToMessageServer(driver, server.id, a);
      await addAgentToMessageServer(driver, server.id, b);
      expect((await getAgentsForMessageServer(driver, server.id)).sort()).toEqual([a, b].sort());
      await removeAgentFromMessageServer(driver, server.id, a);
      await removeAgentFromMessageServer(driver, server.id, a);
      expect(await getAgentsForMessageServer(driver, server.id)).toEqual([b]);
      expect(await getAgentsForMessageServer(driver, uuid())).toEqual([]);
    });

    it('looks servers up by RLS server id where that column exists, else UNSUPPORTED_BY_BACKEND', async () => {
      await expectElizaError(getMessageServerByRlsServerId(driver, uuid()), 'UNSUPPORTED_BY_BACKEND');
      // Inside a caller's transaction the failed lookup must not poison it.
      const stillUsable = await driver.transaction(async (tx) => {
        await expectElizaError(getMessageServerByRlsServerId(tx, uuid()), 'UNSUPPORTED_BY_BACKEND');
        return getMessageServers(tx);
      });
      expect(Array.isArray(stillUsable)).toBe(true);
      const rls = uuid();
      const server = await createMessageServer(driver, { name: 'rls', sourceType: 's' });
      await driver.query('ALTER TABLE message_servers ADD COLUMN server_id uuid');
      try {
        await driver.query(`UPDATE message_servers SET server_id = '${rls}' WHERE id = '${server.id}'`);
        expect(await getMessageServerByRlsServerId(driver, rls)).toEqual(server);
        expect(await getMessageServerByRlsServerId(driver, uuid())).toBeNull();
      } finally {
        await driver.query('ALTER TABLE message_servers DROP COLUMN server_id');
      }
    });

    it('rejects bad ids and NULs before writing', async () => {
      for (const bad of BAD_IDS.filter((b) => b !== '')) {
        await expectElizaError(getMessageServerById(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(
          createMessageServer(driver, { id: bad as UUID, name: 'x', sourceType: 's' }),
          'INVALID_INPUT',
        );
        await expectElizaError(addAgentToMessageServer(driver, uuid(), bad as UUID), 'INVALID_INPUT');
      }
      const id = uuid();
      await expectElizaError(
        createMessageServer(driver, { id, name: 'x\u0000', sourceType: 's' }),
        'UNSTORABLE_VALUE',
      );
      expect(await getMessageServerById(driver, id)).toBeNull();
    });
  });
}
