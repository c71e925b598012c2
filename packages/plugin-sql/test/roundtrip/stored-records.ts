/**
 * Every record the interface stores, as data: the fields it holds (each with the kind of value it
 * takes), how to write a record through the public adapter methods, and how to read it back. The
 * round-trip properties are generated from this table, so a new record or field is one entry here.
 */
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type Task, type UUID } from '@elizaos/core';
import fc from 'fast-check';
import type { SqlDatabaseAdapter } from '../../src/index.js';
import {
  asJson,
  indexableText,
  jsonObject,
  jsonValue,
  nonEmptyIndexableText,
  nonEmptyText,
  shortText,
  text,
  textList,
  tooLargeToIndex,
  unstorableJsonObject,
  unstorableJsonValue,
  unstorableText,
  unstorableTextList,
} from './arbitraries.js';

/** The kind of value a field takes: what is generated for it, and what makes it unstorable. */
type RefusalCode =
  | 'UNSTORABLE_VALUE'
  | 'INVALID_INPUT'
  | 'EMBEDDING_DIMENSION_MISMATCH'
  | 'INVALID_EMBEDDING_VECTOR';

export interface FieldKind {
  readonly values: fc.Arbitrary<unknown>;
  /** Values PostgreSQL cannot store (NUL, lone surrogate), refused with UNSTORABLE_VALUE. */
  readonly unstorable: fc.Arbitrary<unknown>;
  /** What a stored value reads back as (identity for text; the JSON text's value for JSON). */
  readonly expected: (value: unknown) => unknown;
  /** The error code an unstorable value is refused with (default UNSTORABLE_VALUE). */
  readonly refusedWith?: RefusalCode | ((value: unknown) => RefusalCode);
  /** How a read value is compared (identity, unless the column keeps less than a double). */
  readonly readBack?: (value: unknown) => unknown;
}

/** The embedding dimension the round-trip fixture's agent uses. */
export const EMBEDDING_DIMENSION = 384;

const float32s = (value: unknown): unknown =>
  Array.isArray(value) ? value.map((x) => Math.fround(x)) : value;

const same = (value: unknown): unknown => value;

const KINDS = {
  text: { values: text, unstorable: unstorableText, expected: same },
  nonEmptyText: { values: nonEmptyText, unstorable: unstorableText, expected: same },
  /** Text in a btree index: too large to index is refused like a NUL. */
  indexedText: {
    values: indexableText,
    unstorable: fc.oneof(unstorableText, tooLargeToIndex),
    expected: same,
  },
  nonEmptyIndexedText: {
    values: nonEmptyIndexableText,
    unstorable: fc.oneof(unstorableText, tooLargeToIndex),
    expected: same,
  },
  textList: { values: textList, unstorable: unstorableTextList, expected: same },
  json: { values: jsonValue, unstorable: unstorableJsonValue, expected: asJson },
  jsonObject: { values: jsonObject, unstorable: unstorableJsonObject, expected: asJson },
  /** A bio: one string or a list of strings. */
  bio: {
    values: fc.oneof(text, textList),
    unstorable: fc.oneof(unstorableText, unstorableTextList),
    expected: same,
  },
  /** Character secrets: flat string/boolean/number values. */
  secrets: {
    values: fc.dictionary(
      shortText,
      fc.oneof(text, fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    ),
    unstorable: unstorableJsonObject,
    expected: asJson,
  },
  /** Prompt templates (the storable kind: strings). */
  templates: {
    values: fc.dictionary(shortText, text),
    unstorable: fc.dictionary(shortText, unstorableText, { minKeys: 1 }),
    expected: asJson,
  },
  /** Message examples: conversations of `{ name, content }`. */
  messageExamples: {
    values: fc.array(fc.array(fc.record({ name: text, content: jsonObject }), { maxLength: 3 }), {
      maxLength: 3,
    }),
    unstorable: fc.tuple(unstorableText, jsonObject).map(([name, content]) => [[{ name, content }]]),
    expected: asJson,
  },
  /** Knowledge items: paths, or `{ path, shared }`. */
  knowledge: {
    values: fc.array(fc.oneof(text, fc.record({ path: text, shared: fc.boolean() })), { maxLength: 4 }),
    unstorable: unstorableText.map((path) => [{ path }]),
    expected: asJson,
  },
  /** Style guides. */
  style: {
    values: fc.record({ all: textList, chat: textList, post: textList }, { requiredKeys: [] }),
    unstorable: unstorableTextList.map((all) => ({ all })),
    expected: asJson,
  },
  /** A flag (`enabled`): anything but a boolean is refused. */
  boolean: {
    values: fc.boolean(),
    unstorable: fc.constantFrom('true', 1, 0, 'no'),
    expected: same,
    refusedWith: 'INVALID_INPUT',
  },
  /** Milliseconds since the epoch, year 1 to 9999 (timestamptz keeps microseconds). */
  epochMs: {
    values: fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
    unstorable: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
    expected: same,
    refusedWith: 'INVALID_INPUT',
  },
  /**
   * An embedding: `vector` stores float32, so what must come back is each float32 value (pgvector
   * prints the shortest decimal that identifies it, which reads back as the nearest double).
   */
  embedding: {
    values: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), {
      minLength: EMBEDDING_DIMENSION,
      maxLength: EMBEDDING_DIMENSION,
    }),
    unstorable: fc.oneof(
      fc
        .constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e39)
        .map((bad) => [bad, ...new Array<number>(EMBEDDING_DIMENSION - 1).fill(0.5)]),
      fc.array(fc.float({ noNaN: true }), { maxLength: 8 }),
    ),
    expected: float32s,
    readBack: float32s,
    // A vector of the right length with a bad element is not a vector; any other length is the wrong space.
    refusedWith: (value) =>
      Array.isArray(value) && value.length === EMBEDDING_DIMENSION
        ? 'INVALID_EMBEDDING_VECTOR'
        : 'EMBEDDING_DIMENSION_MISMATCH',
  },
} satisfies Record<string, FieldKind>;

export type FieldKindName = keyof typeof KINDS;

/** Every kind of field value, by name. */
export const FIELD_KINDS: Readonly<Record<FieldKindName, FieldKind>> = KINDS;

/** What a record's writes and reads run on: one adapter and the rows the fixture created. */
export interface RoundTripContext {
  readonly adapter: SqlDatabaseAdapter;
  readonly agentId: UUID;
  readonly worldId: UUID;
  readonly roomId: UUID;
  readonly userId: UUID;
  readonly messageServerId: UUID;
  readonly channelId: UUID;
}

type Values = Record<string, unknown>;

/** One kind of stored record. */
export interface StoredRecord {
  readonly name: string;
  /** Field name → kind of value. */
  readonly fields: Readonly<Record<string, FieldKindName>>;
  /** Writes a record holding `values` under `id`; resolves to the key `read` takes. */
  create(ctx: RoundTripContext, id: UUID, values: Values): Promise<unknown>;
  /** The key `read` takes for a record created under `id`, when it follows from the id alone. */
  readonly keyOf?: (id: UUID) => unknown;
  /** Reads the record back (null when absent); the compared fields are those of `fields`. */
  read(ctx: RoundTripContext, key: unknown): Promise<Values | null>;
  /** For records the interface can update: replaces `fields` (default: all) of a record with `values`. */
  readonly update?: {
    readonly fields?: readonly string[];
    run(ctx: RoundTripContext, key: unknown, values: Values): Promise<void>;
  };
}

/** A fresh room in the fixture's world (for records read back by room). */
async function freshRoom(ctx: RoundTripContext): Promise<UUID> {
  const [roomId] = await ctx.adapter.createRooms([
    {
      id: uuid(),
      name: 'room',
      agentId: ctx.agentId,
      source: 'test',
      type: ChannelType.GROUP,
      worldId: ctx.worldId,
    },
  ]);
  return roomId as UUID;
}

/** A fresh entity of the fixture's agent. */
async function freshEntity(ctx: RoundTripContext): Promise<UUID> {
  const id = uuid();
  await ctx.adapter.createEntities([{ id, names: ['someone'], agentId: ctx.agentId, metadata: {} }]);
  return id;
}

const asRecord = (value: unknown): Values | null => (value ? (value as Values) : null);

export const STORED_RECORDS: readonly StoredRecord[] = [
  {
    name: 'agent',
    keyOf: (id) => id,
    fields: {
      name: 'nonEmptyText',
      username: 'text',
      system: 'text',
      bio: 'bio',
      messageExamples: 'messageExamples',
      postExamples: 'textList',
      topics: 'textList',
      adjectives: 'textList',
      knowledge: 'knowledge',
      plugins: 'textList',
      settings: 'jsonObject',
      secrets: 'secrets',
      templates: 'templates',
      style: 'style',
      status: 'text',
      enabled: 'boolean',
      createdAt: 'epochMs',
      updatedAt: 'epochMs',
    },
    async create(ctx, id, values) {
      if (!(await ctx.adapter.createAgent({ ...values, id } as never))) throw new Error('createAgent: false');
      return id;
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getAgent(id as UUID)),
    update: {
      // updateAgent deep-merges settings (the agent test covers the merge); every other field is replaced.
      fields: [
        'name',
        'username',
        'system',
        'bio',
        'messageExamples',
        'postExamples',
        'topics',
        'adjectives',
        'knowledge',
        'plugins',
        'secrets',
        'templates',
        'style',
        'status',
        'enabled',
        'createdAt',
        'updatedAt',
      ],
      async run(ctx, id, values) {
        const { settings: _settings, ...rest } = values;
        if (!(await ctx.adapter.updateAgent(id as UUID, rest as never)))
          throw new Error('updateAgent: false');
      },
    },
  },
  {
    name: 'entity',
    keyOf: (id) => id,
    fields: { names: 'textList', metadata: 'jsonObject' },
    async create(ctx, id, values) {
      await ctx.adapter.createEntities([{ id, agentId: ctx.agentId, ...values } as never]);
      return id;
    },
    read: async (ctx, id) => asRecord((await ctx.adapter.getEntitiesByIds([id as UUID]))?.[0]),
    update: {
      run: (ctx, id, values) =>
        ctx.adapter.updateEntity({ id: id as UUID, agentId: ctx.agentId, ...values } as never),
    },
  },
  {
    name: 'component',
    fields: { type: 'indexedText', data: 'jsonObject' },
    async create(ctx, id, values) {
      const entityId = await freshEntity(ctx);
      const component = { id, entityId, agentId: ctx.agentId, roomId: ctx.roomId, worldId: ctx.worldId };
      const key = { ...component, sourceEntityId: ctx.userId, createdAt: Date.now() };
      await ctx.adapter.createComponent({ ...key, ...values } as never);
      return { ...key, type: values.type };
    },
    async read(ctx, key) {
      const k = key as { entityId: UUID; type: string; worldId: UUID; sourceEntityId: UUID };
      return asRecord(await ctx.adapter.getComponent(k.entityId, k.type, k.worldId, k.sourceEntityId));
    },
  },
  {
    name: 'memory',
    keyOf: (id) => id,
    fields: { content: 'jsonObject', metadata: 'jsonObject', createdAt: 'epochMs', embedding: 'embedding' },
    async create(ctx, id, values) {
      const memory = { id, entityId: ctx.userId, roomId: ctx.roomId, agentId: ctx.agentId, ...values };
      await ctx.adapter.createMemory(memory as never, 'messages');
      return id;
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getMemoryById(id as UUID)),
    update: {
      fields: ['content', 'metadata'],
      async run(ctx, id, values) {
        await ctx.adapter.updateMemory({
          id: id as UUID,
          content: values.content,
          metadata: values.metadata,
        } as never);
      },
    },
  },
  {
    name: 'room',
    keyOf: (id) => id,
    fields: { name: 'text', source: 'text', channelId: 'text', metadata: 'jsonObject' },
    async create(ctx, id, values) {
      await ctx.adapter.createRooms([
        { id, agentId: ctx.agentId, type: ChannelType.GROUP, worldId: ctx.worldId, ...values } as never,
      ]);
      return id;
    },
    read: async (ctx, id) => asRecord((await ctx.adapter.getRoomsByIds([id as UUID]))?.[0]),
    update: {
      run: (ctx, id, values) =>
        ctx.adapter.updateRoom({
          id: id as UUID,
          agentId: ctx.agentId,
          type: ChannelType.GROUP,
          worldId: ctx.worldId,
          ...values,
        } as never),
    },
  },
  {
    name: 'world',
    keyOf: (id) => id,
    fields: { name: 'text', metadata: 'jsonObject' },
    async create(ctx, id, values) {
      return ctx.adapter.createWorld({ id, agentId: ctx.agentId, ...values } as never);
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getWorld(id as UUID)),
    update: {
      run: (ctx, id, values) =>
        ctx.adapter.updateWorld({ id: id as UUID, agentId: ctx.agentId, ...values } as never),
    },
  },
  {
    name: 'relationship',
    fields: { tags: 'textList', metadata: 'jsonObject' },
    async create(ctx, _id, values) {
      const targetEntityId = await freshEntity(ctx);
      const ok = await ctx.adapter.createRelationship({
        sourceEntityId: ctx.userId,
        targetEntityId,
        ...values,
      });
      if (!ok) throw new Error('createRelationship: false');
      return targetEntityId;
    },
    read: async (ctx, targetEntityId) =>
      asRecord(
        await ctx.adapter.getRelationship({
          sourceEntityId: ctx.userId,
          targetEntityId: targetEntityId as UUID,
        }),
      ),
    update: {
      async run(ctx, targetEntityId, values) {
        const current = await ctx.adapter.getRelationship({
          sourceEntityId: ctx.userId,
          targetEntityId: targetEntityId as UUID,
        });
        if (!current) throw new Error('relationship vanished');
        await ctx.adapter.updateRelationship({ ...current, ...values } as never);
      },
    },
  },
  {
    name: 'task',
    keyOf: (id) => id,
    fields: { name: 'text', description: 'text', tags: 'textList', metadata: 'jsonObject' },
    async create(ctx, id, values) {
      return ctx.adapter.createTask({ id, roomId: ctx.roomId, worldId: ctx.worldId, ...values } as Task);
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getTask(id as UUID)),
    update: { run: (ctx, id, values) => ctx.adapter.updateTask(id as UUID, values as Partial<Task>) },
  },
  {
    name: 'log',
    fields: { type: 'nonEmptyIndexedText', body: 'jsonObject' },
    async create(ctx, _id, values) {
      const roomId = await freshRoom(ctx);
      await ctx.adapter.log({ entityId: ctx.userId, roomId, ...values } as never);
      return roomId;
    },
    read: async (ctx, roomId) =>
      asRecord((await ctx.adapter.getLogs({ roomId: roomId as UUID, count: 1 }))[0]),
  },
  {
    name: 'cache',
    keyOf: (id) => `key ${id}`,
    fields: { value: 'json' },
    async create(ctx, id, values) {
      if (!(await ctx.adapter.setCache(`key ${id}`, values.value))) throw new Error('setCache: false');
      return `key ${id}`;
    },
    async read(ctx, key) {
      const value = await ctx.adapter.getCache(key as string);
      return value === undefined ? null : { value };
    },
    update: {
      async run(ctx, key, values) {
        await ctx.adapter.setCache(key as string, values.value);
      },
    },
  },
  {
    name: 'cache key',
    fields: { key: 'nonEmptyIndexedText' },
    async create(ctx, _id, values) {
      if (!(await ctx.adapter.setCache(values.key as string, 1))) throw new Error('setCache: false');
      return values.key;
    },
    async read(ctx, key) {
      return (await ctx.adapter.getCache(key as string)) === 1 ? { key } : null;
    },
  },
  {
    name: 'message server',
    keyOf: (id) => id,
    fields: { name: 'text', sourceType: 'text', sourceId: 'text', metadata: 'jsonObject' },
    async create(ctx, id, values) {
      return (await ctx.adapter.createMessageServer({ id, ...values } as never)).id;
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getMessageServerById(id as UUID)),
  },
  {
    name: 'channel',
    keyOf: (id) => id,
    fields: {
      name: 'text',
      type: 'text',
      sourceType: 'text',
      sourceId: 'text',
      topic: 'text',
      metadata: 'jsonObject',
    },
    async create(ctx, id, values) {
      return (
        await ctx.adapter.createChannel({ id, messageServerId: ctx.messageServerId, ...values } as never)
      ).id;
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getChannelDetails(id as UUID)),
    update: {
      fields: ['name', 'metadata'],
      async run(ctx, id, values) {
        await ctx.adapter.updateChannel(
          id as UUID,
          { name: values.name, metadata: values.metadata } as never,
        );
      },
    },
  },
  {
    name: 'message',
    keyOf: (id) => id,
    fields: {
      content: 'text',
      rawMessage: 'jsonObject',
      sourceType: 'text',
      sourceId: 'text',
      metadata: 'jsonObject',
    },
    async create(ctx, id, values) {
      const data = { messageId: id, channelId: ctx.channelId, authorId: ctx.userId, ...values };
      return (await ctx.adapter.createMessage(data as never)).id;
    },
    read: async (ctx, id) => asRecord(await ctx.adapter.getMessageById(id as UUID)),
    update: {
      async run(ctx, id, values) {
        await ctx.adapter.updateMessage(id as UUID, values as never);
      },
    },
  },
];
