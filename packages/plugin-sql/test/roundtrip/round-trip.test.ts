/**
 * Exact round trips, by property, for every field of every record the interface stores (the table in
 * `stored-records.ts`), on every backend: what goes in comes out, deep-equal; an update replaces what it
 * names; a value PostgreSQL cannot store is refused with a typed error and nothing is written.
 *
 * Both backends run the same generated values (one fixed seed), so each agreeing with the input is
 * both agreeing with each other. A failure prints fast-check's seed and path; replay it with
 * `ROUNDTRIP_SEED=<seed> ROUNDTRIP_PATH=<path>`, or explore other values with another seed.
 */
import { uuid } from '@eliza-sql/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/backends.js';
import { createAdapterFixture } from '../support/fixtures.js';
import {
  EMBEDDING_DIMENSION,
  FIELD_KINDS,
  type RoundTripContext,
  STORED_RECORDS,
  type StoredRecord,
} from './stored-records.js';

const seed = Number(process.env.ROUNDTRIP_SEED ?? 20_250_613);
const path = process.env.ROUNDTRIP_PATH;
/** Bounded: a failure found late, or shrinking through thousands of steps, stops at 30 s and is reported. */
const runs = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  seed,
  interruptAfterTimeLimit: 30_000,
  markInterruptAsFailure: true,
  ...(path ? { path, endOnFailure: true } : {}),
});

/** The generated values of a record: one arbitrary per field, from its kind. */
function valuesOf(record: StoredRecord): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    Object.fromEntries(
      Object.entries(record.fields).map(([field, kind]) => [field, FIELD_KINDS[kind].values]),
    ),
  );
}

/** What `fields` of a record holding `values` must read back as. */
function expectedOf(record: StoredRecord, values: Record<string, unknown>, fields: readonly string[]) {
  return Object.fromEntries(
    fields.map((field) => [field, FIELD_KINDS[record.fields[field] ?? 'text'].expected(values[field])]),
  );
}

/** `fields` of a read record, each as its kind compares it. */
function pick(record: StoredRecord, row: Record<string, unknown> | null, fields: readonly string[]) {
  const readBack = (field: string) =>
    FIELD_KINDS[record.fields[field] ?? 'text'].readBack ?? ((v: unknown) => v);
  return row && Object.fromEntries(fields.map((field) => [field, readBack(field)(row[field])]));
}

/** Values of `record` with exactly one field (named in the result) holding an unstorable value. */
function withOneUnstorable(record: StoredRecord) {
  return fc
    .constantFrom(...Object.keys(record.fields))
    .chain((bad) =>
      fc
        .tuple(valuesOf(record), FIELD_KINDS[record.fields[bad] ?? 'text'].unstorable)
        .map(([values, value]) => ({ bad, values: { ...values, [bad]: value } })),
    );
}

for (const backend of testBackends) {
  describe(`exact round trips [${backend.name}]`, () => {
    let ctx: RoundTripContext;
    beforeAll(async () => {
      const f = await createAdapterFixture(backend);
      await f.adapter.ensureEmbeddingDimension(EMBEDDING_DIMENSION);
      const server = await f.adapter.createMessageServer({ name: 'server', sourceType: 'test' });
      const channel = await f.adapter.createChannel({
        messageServerId: server.id,
        name: 'channel',
        type: 'GROUP',
      });
      ctx = { ...f, messageServerId: server.id, channelId: channel.id };
    });
    afterAll(() => backend.cleanup());

    for (const record of STORED_RECORDS) {
      const fields = Object.keys(record.fields);

      it(`${record.name}: every field comes back exactly as written`, async () => {
        await fc.assert(
          fc.asyncProperty(valuesOf(record), async (values) => {
            const key = await record.create(ctx, uuid(), values);
            expect(pick(record, await record.read(ctx, key), fields)).toStrictEqual(
              expectedOf(record, values, fields),
            );
          }),
          runs(50),
        );
      });

      const update = record.update;
      if (update) {
        const updated = update.fields ?? fields;
        it(`${record.name}: an update replaces ${updated.join(', ')} exactly`, async () => {
          await fc.assert(
            fc.asyncProperty(valuesOf(record), valuesOf(record), async (first, second) => {
              const key = await record.create(ctx, uuid(), first);
              await update.run(ctx, key, second);
              expect(pick(record, await record.read(ctx, key), updated)).toStrictEqual(
                expectedOf(record, second, updated),
              );
            }),
            runs(25),
          );
        });
      }

      it(`${record.name}: a value PostgreSQL cannot store is refused, nothing is written`, async () => {
        await fc.assert(
          fc.asyncProperty(withOneUnstorable(record), async ({ bad, values }) => {
            const id = uuid();
            const refusedWith = FIELD_KINDS[record.fields[bad] ?? 'text'].refusedWith ?? 'UNSTORABLE_VALUE';
            const code = typeof refusedWith === 'function' ? refusedWith(values[bad]) : refusedWith;
            await expect(record.create(ctx, id, values), bad).rejects.toMatchObject({ code });
            if (record.keyOf) expect(await record.read(ctx, record.keyOf(id))).toBeNull();
          }),
          runs(20),
        );
      });
    }
  });
}
