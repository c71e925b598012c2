import { uuid } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isElizaSqlError } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

for (const backend of testBackends) {
  describe(`getMessagesForChannelPage pages a channel without gaps [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('following nextCursor returns every message once, newest first, then null', async () => {
      const server = await f.adapter.createMessageServer({ name: 'paging', sourceType: 'test' });
      const channel = await f.adapter.createChannel({
        messageServerId: server.id,
        name: 'general',
        type: 'GROUP',
      });
      const created: string[] = [];
      for (let i = 0; i < 23; i++) {
        const message = await f.adapter.createMessage({
          channelId: channel.id,
          authorId: f.userId,
          content: `m${i}`,
        });
        created.push(message.id);
      }
      // Another channel's messages never appear.
      const other = await f.adapter.createChannel({ messageServerId: server.id, name: 'x', type: 'GROUP' });
      await f.adapter.createMessage({ channelId: other.id, authorId: f.userId, content: 'elsewhere' });

      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await f.adapter.getMessagesForChannelPage(channel.id, { limit: 10, cursor });
        sizes.push(page.messages.length);
        seen.push(...page.messages.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 10);

      expect(sizes).toEqual([10, 10, 3]);
      expect(new Set(seen).size).toBe(23);
      expect([...seen].sort()).toEqual([...created].sort());
      // Newest first: the same order getMessagesForChannel gives.
      expect(seen).toEqual((await f.adapter.getMessagesForChannel(channel.id, 50)).map((m) => m.id));
      expect(await f.adapter.getMessagesForChannelPage(uuid())).toEqual({ messages: [], nextCursor: null });
    });

    it('a cursor it did not issue is INVALID_INPUT naming the cursor', async () => {
      const err = await f.adapter.getMessagesForChannelPage(uuid(), { cursor: 'not-a-cursor' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isElizaSqlError(err) && err.code).toBe('INVALID_INPUT');
      expect(String((err as Error).message)).toContain('not-a-cursor');
    });
  });
}
