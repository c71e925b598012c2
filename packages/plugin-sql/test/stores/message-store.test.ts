import { messageTable } from '@eliza-sql/core-schema';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelMessagesQuery,
  createMessage,
  deleteMessage,
  getMessageById,
  getMessagesForChannel,
  getMessagesForChannelPage,
  updateMessage,
} from '../../src/stores/message-store.js';
import { testBackends } from '../support/backends.js';
import { BAD_IDS, expectElizaError, seedChannel, seedMessageServer } from './store-fixtures.js';

/** Inserts `count` messages into `channelId`, all created at `createdAt`, with Drizzle directly. */
async function insertMessagesAt(driver: DatabaseDriver, channelId: UUID, count: number, createdAt: Date) {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: uuid(),
    channelId,
    authorId: uuid(),
    content: `m${i}`,
    createdAt,
    updatedAt: createdAt,
  }));
  await driver.db.insert(messageTable).values(rows);
  return rows.map((r) => r.id);
}

for (const backend of testBackends) {
  describe(`message store [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let serverId: UUID;

    beforeAll(async () => {
      driver = await backend.open();
      serverId = await seedMessageServer(driver);
    });
    afterAll(() => backend.cleanup());

    it('creates a message and reads it back exactly', async () => {
      const channelId = await seedChannel(driver, serverId);
      const root = await createMessage(driver, { channelId, authorId: uuid(), content: 'root' });
      const data = {
        messageId: uuid(),
        channelId,
        authorId: uuid(),
        content: 'hello "world" 🎉\nline two',
        rawMessage: { text: 'hello', attachments: [{ url: 'u' }], n: 1.25 },
        sourceType: 'discord',
        sourceId: 'abc',
        metadata: { k: [true, null] },
        inReplyToRootMessageId: root.id,
      };
      const message = await createMessage(driver, data);
      const { messageId, ...fields } = data;
      expect(message).toMatchObject({ id: messageId, ...fields });
      expect(message.createdAt).toBeInstanceOf(Date);
      expect(await getMessageById(driver, messageId)).toEqual(message);
      expect(root).toMatchObject({ rawMessage: undefined, metadata: undefined });
      // As the reference's: the created message has no reply link key when none was given; reads say null.
      expect(root).not.toHaveProperty('inReplyToRootMessageId');
      expect(await getMessageById(driver, root.id)).toMatchObject({ inReplyToRootMessageId: null });
      expect(await getMessageById(driver, uuid())).toBeNull();
    });

    it('updates a message: absent fields keep their value; unknown id gives null', async () => {
      const channelId = await seedChannel(driver, serverId);
      const m = await createMessage(driver, {
        channelId,
        authorId: uuid(),
        content: 'v1',
        sourceType: 'web',
        metadata: { a: 1 },
      });
      const updated = await updateMessage(driver, m.id, { content: 'v2' });
      expect(updated).toMatchObject({ id: m.id, content: 'v2', sourceType: 'web', metadata: { a: 1 } });
      expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(m.updatedAt.getTime());
      expect(await getMessageById(driver, m.id)).toEqual(updated);
      const again = await updateMessage(driver, m.id, { metadata: { b: 2 }, rawMessage: { raw: true } });
      expect(again).toMatchObject({ content: 'v2', metadata: { b: 2 }, rawMessage: { raw: true } });
      expect(await updateMessage(driver, uuid(), { content: 'x' })).toBeNull();
    });

    it('deletes a message; replies keep existing with the reply link cleared', async () => {
      const channelId = await seedChannel(driver, serverId);
      const root = await createMessage(driver, { channelId, authorId: uuid(), content: 'root' });
      const reply = await createMessage(driver, {
        channelId,
        authorId: uuid(),
        content: 're',
        inReplyToRootMessageId: root.id,
      });
      await deleteMessage(driver, root.id);
      expect(await getMessageById(driver, root.id)).toBeNull();
      expect((await getMessageById(driver, reply.id))?.inReplyToRootMessageId).toBeNull();
      await expect(deleteMessage(driver, root.id)).resolves.toBeUndefined();
    });

    it('returns the newest messages first, limited, and before a timestamp (reference paging)', async () => {
      const channelId = await seedChannel(driver, serverId);
      const base = Date.UTC(2026, 0, 1);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(...(await insertMessagesAt(driver, channelId, 1, new Date(base + i * 1000))));
      expect((await getMessagesForChannel(driver, channelId)).map((m) => m.id)).toEqual([...ids].reverse());
      expect((await getMessagesForChannel(driver, channelId, 2)).map((m) => m.id)).toEqual([ids[4], ids[3]]);
      expect(
        (await getMessagesForChannel(driver, channelId, 50, new Date(base + 2000))).map((m) => m.id),
      ).toEqual([ids[1], ids[0]]);
      expect(await getMessagesForChannel(driver, channelId, 0)).toEqual([]);
      expect(await getMessagesForChannel(driver, uuid())).toEqual([]);
    });

    it('pages 120 messages with one identical created_at by 50 with no skip and no repeat', async () => {
      const channelId = await seedChannel(driver, serverId);
      const ids = await insertMessagesAt(driver, channelId, 120, new Date('2026-03-04T05:06:07.089Z'));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 10; guard++) {
        const page = await getMessagesForChannelPage(driver, channelId, { limit: 50, cursor });
        sizes.push(page.messages.length);
        seen.push(...page.messages.map((m) => m.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(sizes).toEqual([50, 50, 20]);
      expect(seen).toHaveLength(120);
      expect(new Set(seen).size).toBe(120);
      expect([...seen].sort()).toEqual([...ids].sort());
      // Newest first means descending id among equal timestamps.
      expect(seen).toEqual([...seen].sort().reverse());
    });

    it('pages across mixed timestamps (including rows written with microsecond defaults) without gaps', async () => {
      const channelId = await seedChannel(driver, serverId);
      const ids = await insertMessagesAt(driver, channelId, 30, new Date('2026-01-01T00:00:00.000Z'));
      ids.push(...(await insertMessagesAt(driver, channelId, 30, new Date('2026-01-01T00:00:01.000Z'))));
      for (let i = 0; i < 15; i++) {
        const id = uuid();
        await driver.query(
          `INSERT INTO central_messages (id, channel_id, author_id, content) VALUES ('${id}', '${channelId}', '${uuid()}', 'now')`,
        );
        ids.push(id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await getMessagesForChannelPage(driver, channelId, { limit: 7, cursor });
        seen.push(...page.messages.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(75);
      expect([...seen].sort()).toEqual([...ids].sort());
      const times = (await getMessagesForChannel(driver, channelId, 100)).map((m) => m.id);
      expect(seen).toEqual(times);
    });

    it('an empty channel gives one empty page without a cursor', async () => {
      const channelId = await seedChannel(driver, serverId);
      expect(await getMessagesForChannelPage(driver, channelId)).toEqual({ messages: [], nextCursor: null });
    });

    it('rejects bad ids, limits, timestamps, cursors and NULs before writing', async () => {
      const channelId = await seedChannel(driver, serverId);
      for (const bad of BAD_IDS.filter((b) => b !== '')) {
        await expectElizaError(getMessageById(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(getMessagesForChannel(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(deleteMessage(driver, bad as UUID), 'INVALID_INPUT');
        await expectElizaError(
          createMessage(driver, { channelId, authorId: bad as UUID, content: 'x' }),
          'INVALID_INPUT',
        );
        await expectElizaError(
          getMessagesForChannelPage(driver, channelId, { cursor: bad }),
          'INVALID_INPUT',
        );
      }
      await expectElizaError(getMessagesForChannel(driver, channelId, -1), 'INVALID_INPUT');
      await expectElizaError(getMessagesForChannel(driver, channelId, 1.5), 'INVALID_INPUT');
      await expectElizaError(getMessagesForChannel(driver, channelId, 10, new Date('nope')), 'INVALID_INPUT');
      const forged = Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000000'; --", uuid()])).toString(
        'base64url',
      );
      await expectElizaError(
        getMessagesForChannelPage(driver, channelId, { cursor: forged }),
        'INVALID_INPUT',
      );
      await expectElizaError(
        createMessage(driver, { channelId, authorId: uuid(), content: 'nul\u0000' }),
        'UNSTORABLE_VALUE',
      );
      await expectElizaError(
        createMessage(driver, { channelId, authorId: uuid(), content: 'ok', rawMessage: { t: '\u0000' } }),
        'UNSTORABLE_VALUE',
      );
      expect(await getMessagesForChannel(driver, channelId)).toEqual([]);
    });
  });
}

const postgresUrl = testPostgresUrl();
const postgres = testBackends.find((b) => b.name === 'postgres');

describe.runIf(postgresUrl && postgres)('latest channel messages query plan [postgres]', () => {
  let driver: DatabaseDriver;
  let channelId: UUID;

  beforeAll(async () => {
    driver = await (postgres as NonNullable<typeof postgres>).open();
    const serverId = await seedMessageServer(driver);
    const channels = [await seedChannel(driver, serverId), await seedChannel(driver, serverId)];
    channelId = channels[0] as UUID;
    // 120,000 messages over two channels, spread over time, generated server-side.
    await driver.query(sql`
      INSERT INTO central_messages (id, channel_id, author_id, content, created_at, updated_at)
      SELECT gen_random_uuid()::text,
             CASE WHEN g % 2 = 0 THEN ${channels[0]} ELSE ${channels[1]} END,
             gen_random_uuid()::text, 'message ' || g,
             timestamp '2026-01-01' + g * interval '1 second', timestamp '2026-01-01' + g * interval '1 second'
      FROM generate_series(1, 120000) AS g`);
    await driver.query('ANALYZE central_messages');
  });
  afterAll(() => postgres?.cleanup());

  it('reads the latest 50 messages of a channel with an index scan on the channel index', async () => {
    const [count] = await driver.query<{ n: string }>('SELECT count(*)::text AS n FROM central_messages');
    expect(Number(count?.n)).toBeGreaterThanOrEqual(100_000);
    const plan = await driver.query<{ 'QUERY PLAN': string }>(
      sql`EXPLAIN ${channelMessagesQuery(driver, channelId, 50)}`,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(
      /Index Scan( Backward)? using idx_central_messages_channel_created on central_messages/,
    );
    expect(text).not.toMatch(/Seq Scan|Sort/);
    const latest = await getMessagesForChannel(driver, channelId, 50);
    expect(latest).toHaveLength(50);
    expect(latest[0]?.content).toBe('message 120000');
  });

  it('pages with the cursor on the same index', async () => {
    const first = await getMessagesForChannelPage(driver, channelId, { limit: 50 });
    const plan = await driver.query<{ 'QUERY PLAN': string }>(
      sql`EXPLAIN ${channelMessagesQuery(
        driver,
        channelId,
        51,
        sql`(${messageTable.createdAt}, ${messageTable.id}) < (${'2026-01-02T00:00:00.000000'}::timestamp, ${uuid()})`,
      )}`,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan( Backward)? using idx_central_messages_channel_created/);
    expect(text).not.toMatch(/Seq Scan|Sort/);
    const second = await getMessagesForChannelPage(driver, channelId, {
      limit: 50,
      cursor: first.nextCursor,
    });
    expect(second.messages[0]?.content).toBe('message 119900');
  });
});
