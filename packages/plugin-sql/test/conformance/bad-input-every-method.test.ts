/**
 * Every kind of bad value at every parameter of every public method, generated from the method list
 * (`PUBLIC_METHODS`) and its parameter kinds (`METHOD_INPUTS`), not written per method: each kind has
 * a valid-value factory and a list of bad values with the ONE code that kind answers, in every method.
 * Each call gets valid arguments except one bad value at one parameter (or object field); it must fail
 * with the kind's code and a message naming `<method>: <parameter>.<field>`, and a sentinel memory
 * (with its embedding) and every table must be intact afterwards. Runs on PGlite and PostgreSQL.
 */
import { uuid } from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { InputKind, InputSpec } from '../../src/boundary/input-kinds.js';
import { METHOD_INPUTS } from '../../src/boundary/method-inputs.js';
import { PUBLIC_METHODS, type PublicMethod } from '../../src/boundary/public-methods.js';
import { validateInputs } from '../../src/boundary/validate-inputs.js';
import { type ElizaSqlErrorCode, isElizaSqlError, SqlDatabaseAdapter } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, axisVector, createAdapterFixture } from '../support/fixtures.js';

const D = 384 as const;
const TABLE = 'every-method';
const SQL_TEXT = '5; DROP TABLE x';

/** Ids of seeded rows, by the parameter or field name that takes one. */
interface Seeded extends AdapterFixture {
  readonly ids: Readonly<Record<string, UUID>>;
  readonly sentinel: Memory & { id: UUID };
}

interface BadValue {
  readonly label: string;
  readonly value: unknown;
  readonly code: ElizaSqlErrorCode;
}

const invalid = (label: string, value: unknown): BadValue => ({ label, value, code: 'INVALID_INPUT' });
const unstorable = (label: string, value: unknown): BadValue => ({ label, value, code: 'UNSTORABLE_VALUE' });
const wrongLength = (label: string, value: unknown): BadValue => ({
  label,
  value,
  code: 'EMBEDDING_DIMENSION_MISMATCH',
});
const notAVector = (label: string, value: unknown): BadValue => ({
  label,
  value,
  code: 'INVALID_EMBEDDING_VECTOR',
});

const NUL = unstorable('a NUL', 'a\u0000b');
const SURROGATE = unstorable('a lone surrogate', 'a\uD800b');
const NOT_A_NUMBER = [
  invalid('NaN', Number.NaN),
  invalid('Infinity', Number.POSITIVE_INFINITY),
  invalid('SQL text', SQL_TEXT),
];
const BAD_INTEGERS = [...NOT_A_NUMBER, invalid('-1', -1), invalid('1.5', 1.5), invalid('2^60', 2 ** 60)];
const BAD_IDS = [
  invalid("''", ''),
  invalid('not a UUID', 'not-a-uuid'),
  invalid('SQL text', SQL_TEXT),
  invalid('a UUID with a NUL', `${uuid()}\u0000`),
  invalid('a number', 42),
];
const BAD_JSON = [
  unstorable('a NUL in a string', { text: 'a\u0000b' }),
  unstorable('a lone surrogate in a key', { 'k\uDC00': 1 }),
  invalid('NaN', { n: Number.NaN }),
];

/**
 * The bad values of each kind, each with the code the kind answers (the decision, per kind):
 * malformed ids, counts, offsets, thresholds, timestamps and wrong types are INVALID_INPUT; text
 * PostgreSQL cannot store is UNSTORABLE_VALUE; an embedding of another length than the active
 * dimension is EMBEDDING_DIMENSION_MISMATCH, one of that length that is no usable vector
 * INVALID_EMBEDDING_VECTOR.
 */
const BAD_VALUES: { readonly [kind in InputKind]: readonly BadValue[] } = {
  id: BAD_IDS,
  idOrEmpty: BAD_IDS.filter((bad) => bad.value !== ''),
  idList: [
    invalid('not an array', uuid()),
    ...BAD_IDS.map((bad) => ({ ...bad, value: [uuid(), bad.value] })),
  ],
  count: BAD_INTEGERS,
  offset: BAD_INTEGERS,
  similarity: [...NOT_A_NUMBER, invalid('2', 2), invalid('-1.5', -1.5)],
  editDistance: [...BAD_INTEGERS, invalid('1e300', 1e300)],
  epochMs: [...NOT_A_NUMBER, invalid('-1e14', -1e14), invalid('1e16', 1e16), invalid('a Date', new Date())],
  date: [
    invalid('an invalid Date', new Date(Number.NaN)),
    invalid('-1e14', new Date(-1e14)),
    invalid('ms', 0),
  ],
  epochMsOrDate: [...NOT_A_NUMBER, invalid('-1e14', -1e14), invalid('a Date at -1e14', new Date(-1e14))],
  text: [NUL, SURROGATE, invalid('a number', 42)],
  tableName: [NUL, SURROGATE, invalid("''", ''), invalid('a number', 7)],
  textList: [
    invalid('not an array', 'x'),
    { ...NUL, value: ['ok', NUL.value] },
    { ...SURROGATE, value: [SURROGATE.value] },
    invalid('a number in it', ['ok', 1]),
  ],
  names: [
    { ...NUL, value: ['ok', NUL.value] },
    { ...SURROGATE, value: new Set([SURROGATE.value]) },
    NUL,
    invalid('a number', 42),
  ],
  json: BAD_JSON,
  jsonObject: [...BAD_JSON, invalid('an array', [1]), invalid('a string', 'text')],
  embedding: [
    notAVector('the zero vector', new Array(D).fill(0)),
    notAVector('a float32 underflow (stored as zero)', new Array(D).fill(1e-50)),
    wrongLength('the wrong length', axisVector(D - 1, 1)),
    notAVector('an array of strings', axisVector(D, 1).map(String)),
    notAVector('NaN in it', axisVector(D, 1).fill(Number.NaN, 7, 8)),
    notAVector('beyond float32', axisVector(D, 1).fill(1e39, 3, 4)),
    invalid('a string', '[1,2,3]'),
  ],
  boolean: [invalid('a string', 'true'), invalid('a number', 1)],
  callback: [invalid('a string', 'callback')],
  dimension: [invalid('an unsupported size', 1000), invalid('a string', '384'), invalid('NaN', Number.NaN)],
  any: [],
};

/** A valid value of a kind; ids name seeded rows where the name says which. */
function validOf(kind: InputKind, name: string, s: Seeded): unknown {
  switch (kind) {
    case 'id':
      return s.ids[name] ?? uuid();
    case 'idOrEmpty':
      return s.ids[name] ?? '';
    case 'idList':
      return [s.ids[name.replace(/Ids$/, 'Id')] ?? uuid()];
    case 'count':
      return 2;
    case 'offset':
      return 0;
    case 'similarity':
      return 0.5;
    case 'editDistance':
      return 2;
    case 'epochMs':
    case 'epochMsOrDate':
      return 1_700_000_000_000;
    case 'date':
      return new Date(1_700_000_000_000);
    case 'text':
      return name === 'type' ? 'GROUP' : `valid ${name}`;
    case 'tableName':
      return TABLE;
    case 'textList':
    case 'names':
      return ['valid'];
    case 'json':
    case 'jsonObject':
      return { valid: true };
    case 'embedding':
      return axisVector(D, 5);
    case 'boolean':
      return false;
    case 'callback':
      return async () => undefined;
    case 'dimension':
      return D;
    case 'any':
      return undefined;
  }
}

/** A valid value of `spec` (optional parts given, so each can be made bad). */
function valid(spec: InputSpec, name: string, s: Seeded): unknown {
  if (typeof spec === 'string') return validOf(spec, name, s);
  if ('optional' in spec) return valid(spec.optional, name, s);
  if ('oneOf' in spec) return spec.oneOf[0];
  if ('listOf' in spec) return [valid(spec.listOf, name, s)];
  return Object.fromEntries(
    Object.entries(spec.object).map(([field, fieldSpec]) => [field, valid(fieldSpec, field, s)]),
  );
}

/** One place a bad value can go: a path into the arguments, and the spec there. */
interface Slot {
  readonly path: ReadonlyArray<string | number>;
  readonly label: string;
  readonly spec: InputSpec;
  readonly optional: boolean;
}

/** Every leaf of a parameter's spec, with its path (list elements at index 0). */
function slots(spec: InputSpec, path: Slot['path'], label: string, optional = false): Slot[] {
  if (typeof spec === 'string') return [{ path, label, spec, optional }];
  if ('optional' in spec) return slots(spec.optional, path, label, true);
  if ('oneOf' in spec) return [{ path, label, spec, optional }];
  const self: Slot = { path, label, spec, optional };
  if ('listOf' in spec) return [self, ...slots(spec.listOf, [...path, 0], `${label}[0]`)];
  return [
    self,
    ...Object.entries(spec.object).flatMap(([field, fieldSpec]) =>
      slots(fieldSpec, [...path, field], `${label}.${field}`),
    ),
  ];
}

/** The bad values of a slot: its kind's, a wrong shape for structures, and absence where required. */
function badValuesOf(slot: Slot): readonly BadValue[] {
  const { spec } = slot;
  const own =
    typeof spec === 'string'
      ? BAD_VALUES[spec]
      : 'oneOf' in spec
        ? [invalid('not one of them', 'NOT ONE OF THEM'), invalid('a number', 42)]
        : 'listOf' in spec
          ? [invalid('not an array', 'x')]
          : [invalid('a string', 'x'), invalid('an array', [])];
  const required = slot.optional || spec === 'any' ? [] : [invalid('undefined', undefined)];
  return [...own, ...required];
}

function withValueAt(args: unknown[], path: Slot['path'], value: unknown): unknown[] {
  const copy = structuredClone(args.map((arg) => (typeof arg === 'function' ? undefined : arg)));
  args.forEach((arg, index) => {
    if (typeof arg === 'function') copy[index] = arg;
  });
  let target = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1] as string | number] = value;
  return copy;
}

/** Every (method, slot) pair of the table: the generated cases. */
const CASES = PUBLIC_METHODS.flatMap((method) =>
  METHOD_INPUTS[method].flatMap(([name, spec], position) =>
    slots(spec, [position], name)
      .map((slot) => ({ method, slot, bad: badValuesOf(slot) }))
      .filter((c) => c.bad.length > 0),
  ),
);

async function seed(f: AdapterFixture): Promise<Seeded> {
  const [sentinelRoom] = await f.adapter.createRooms([
    { id: uuid(), name: 'sentinel', source: 'test', type: ChannelType.GROUP, worldId: f.worldId },
  ]);
  const sentinel = {
    id: uuid(),
    entityId: f.userId,
    roomId: sentinelRoom as UUID,
    content: { text: 'sentinel' },
    embedding: axisVector(D, 9),
  };
  await f.adapter.createMemory(sentinel, TABLE);
  const server = await f.adapter.createMessageServer({ name: 'server', sourceType: 'test' });
  const channel = await f.adapter.createChannel(
    { messageServerId: server.id, name: 'channel', type: ChannelType.GROUP },
    [f.userId],
  );
  const ids: Record<string, UUID> = {
    agentId: f.agentId,
    roomId: f.roomId,
    worldId: f.worldId,
    entityId: f.userId,
    sourceEntityId: f.agentId,
    targetEntityId: f.userId,
    authorId: f.userId,
    messageServerId: server.id,
    channelId: channel.id,
  };
  return { ...f, ids, sentinel };
}

async function expectIntact(s: Seeded): Promise<void> {
  const read = await s.adapter.getMemoryById(s.sentinel.id);
  expect(read?.content).toEqual(s.sentinel.content);
  expect(read?.embedding?.[9]).toBeCloseTo(1, 5);
  const [tables] = await s.driver.query<{ n: number }>(
    "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
  );
  expect(tables?.n).toBeGreaterThanOrEqual(18);
}

describe('every public method is validated', () => {
  it('every public method of the adapter is in PUBLIC_METHODS and has an entry in METHOD_INPUTS', () => {
    // Everything on the prototype chain but the constructor is public API: the adapter's parts are
    // instance fields and #private members, and the type check below proves the same for the types.
    const nonPublic = new Set(['constructor']);
    const methods = new Set<string>();
    for (
      let p: object | null = SqlDatabaseAdapter.prototype;
      p && p !== Object.prototype;
      p = Object.getPrototypeOf(p)
    ) {
      for (const name of Object.getOwnPropertyNames(p)) {
        if (typeof Object.getOwnPropertyDescriptor(p, name)?.value === 'function' && !nonPublic.has(name)) {
          methods.add(name);
        }
      }
    }
    expect([...methods].filter((name) => !(PUBLIC_METHODS as readonly string[]).includes(name))).toEqual([]);
    expect(PUBLIC_METHODS.filter((name) => !methods.has(name))).toEqual([]);
    expect(Object.keys(METHOD_INPUTS).sort()).toEqual([...PUBLIC_METHODS].sort());
    type PublicFunctionOf<T> = {
      [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
    }[keyof T];
    expectTypeOf<Exclude<PublicFunctionOf<SqlDatabaseAdapter>, PublicMethod>>().toEqualTypeOf<never>();
  });

  it('the valid arguments the cases start from pass validation (so each failure is the bad value)', () => {
    const s = { ids: { agentId: uuid() } } as unknown as Seeded;
    const target = { getEmbeddingDimension: () => D } as const;
    for (const method of PUBLIC_METHODS) {
      const args = METHOD_INPUTS[method].map(([name, spec]) => valid(spec, name, s));
      expect(() => validateInputs(method, args, target), method).not.toThrow();
    }
    expect(CASES.length).toBeGreaterThan(300);
  });
});

for (const backend of testBackends) {
  describe(`bad input at every parameter of every public method [${backend.name}]`, () => {
    let s: Seeded;
    beforeAll(async () => {
      s = await seed(await createAdapterFixture(backend));
    });
    afterAll(() => backend.cleanup());

    it('messages name the offending element or range, and what was expected', async () => {
      const message = (call: Promise<unknown>) =>
        call.then(
          () => 'succeeded',
          (e: unknown) => (e as Error).message,
        );
      const strings = axisVector(D, 0).map((x) => String(x || 0.84));
      expect(await message(s.adapter.searchMemories({ tableName: TABLE, embedding: strings as never }))).toBe(
        'searchMemories: params.embedding: element 0 is the string "1"; expected 384 finite numbers within float32 range (|x| <= 3.4028235e38)',
      );
      expect(
        await message(
          s.adapter.createMemory(
            {
              entityId: s.userId,
              roomId: s.roomId,
              content: { text: 'zero' },
              embedding: new Array(D).fill(0),
            },
            TABLE,
          ),
        ),
      ).toMatch(/^createMemory: memory\.embedding: all 384 elements are 0; cosine similarity is undefined/);
      expect(await message(s.adapter.getMemories({ tableName: TABLE, start: -1e14 }))).toBe(
        'getMemories: params.start: expected a timestamp from 0001-01-01 to 9999-12-31 UTC (-62135596800000 to 253402300799999 ms), got -100000000000000',
      );
      expect(await message(s.adapter.getMemories({ tableName: TABLE, start: SQL_TEXT as never }))).toBe(
        'getMemories: params.start: expected a timestamp in ms since the epoch, got "5; DROP TABLE x"',
      );
      expect(
        await message(s.adapter.createMemory({ entityId: s.userId, roomId: '' as UUID, content: {} }, TABLE)),
      ).toBe('createMemory: memory.roomId: expected a UUID (8-4-4-4-12 hex), got ""');
      expect(await message(s.adapter.getCache('k\u0000'))).toBe(
        'getCache: key contains a NUL character (U+0000), which PostgreSQL cannot store',
      );
    });

    it('inputs the reference accepts beyond the declared types still pass: names as one string or a Set, createdAt as a Date', async () => {
      const [one, set] = [uuid(), uuid()];
      await s.adapter.createEntities([
        { id: one, agentId: s.agentId, names: 'Solo' as never, metadata: {} },
        { id: set, agentId: s.agentId, names: new Set(['A', 'B']) as never, metadata: {} },
      ]);
      const names = new Map((await s.adapter.getEntitiesByIds([one, set]))?.map((e) => [e.id, e.names]));
      expect([names.get(one), names.get(set)]).toEqual([['Solo'], ['A', 'B']]);
      const at = new Date(Date.UTC(2001, 0, 1));
      const id = await s.adapter.createMemory(
        { entityId: s.userId, roomId: s.roomId, content: { text: 'dated' }, createdAt: at as never },
        TABLE,
      );
      expect((await s.adapter.getMemoryById(id))?.createdAt).toBe(at.getTime());
    });

    for (const { method, slot, bad } of CASES) {
      it(`${method}: ${slot.label}`, async () => {
        const base = METHOD_INPUTS[method].map(([name, spec]) => valid(spec, name, s));
        for (const badValue of bad) {
          const args = withValueAt(base, slot.path, badValue.value);
          const call = (s.adapter[method] as (...a: unknown[]) => unknown).bind(s.adapter);
          const outcome = await Promise.resolve()
            .then(() => call(...args))
            .then(
              (value) => new Error(`succeeded with ${String(value)}`),
              (error: unknown) => error,
            );
          const what = `${method}(${slot.label} = ${badValue.label})`;
          expect(isElizaSqlError(outcome) ? outcome.code : outcome, what).toBe(badValue.code);
          expect((outcome as Error).message, what).toContain(`${method}: ${slot.label}`);
          expect((outcome as Error).message.length, what).toBeLessThan(500);
          await expectIntact(s);
        }
      });
    }
  });
}
