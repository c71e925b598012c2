import { pgTable, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTable, memoryTable } from '../src/index.js';
import { timestampColumn } from '../src/timestamp-column.js';
import { backends, type TestDb } from './support/backends.js';

/** Instants Drizzle's own `new Date(text)` misreads (years 0001–0099 become 1900–1999) and ordinary ones. */
const INSTANTS = [
  '0001-01-01T00:00:00.000Z',
  '0044-03-15T12:00:00.000Z',
  '0099-12-31T23:59:59.999Z',
  '0100-01-01T00:00:00.000Z',
  '1850-06-01T12:34:56.789Z',
  '1970-01-01T00:00:00.000Z',
  '2024-05-06T07:08:09.123Z',
  '9999-12-31T23:59:59.999Z',
].map((iso) => new Date(iso));

describe('timestampColumn', () => {
  it('declares the SQL types Drizzle timestamp() declared', () => {
    const t = pgTable('t', {
      drizzleTz: timestamp('a', { withTimezone: true }),
      drizzlePlain: timestamp('b'),
      oursTz: timestampColumn('c', { withTimezone: true }),
      oursPlain: timestampColumn('d'),
    });
    expect(t.oursTz.getSQLType()).toBe(t.drizzleTz.getSQLType());
    expect(t.oursPlain.getSQLType()).toBe(t.drizzlePlain.getSQLType());
  });

  it('applies offsets with seconds (local mean time zones print them)', () => {
    expect(agentTable.createdAt.mapFromDriverValue('1900-01-01 00:19:32+00:19:32')).toEqual(
      new Date('1900-01-01T00:00:00.000Z'),
    );
  });
});

for (const backend of backends) {
  describe(`timestampColumn reads what it wrote [${backend.name}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await backend.open();
    });
    afterAll(() => backend.cleanup());

    it('reads every instant back exactly from both column types, whatever the session zone', async () => {
      for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
        await db.query(`set time zone '${zone}'`);
        for (const instant of INSTANTS) {
          for (const column of [agentTable.createdAt, memoryTable.createdAt]) {
            const sqlType = column.getSQLType();
            const [row] = await db.query<{ text: string }>(`select $1::${sqlType}::text as text`, [
              column.mapToDriverValue(instant),
            ]);
            // The text form is what both drivers hand Drizzle for its own queries.
            expect(column.mapFromDriverValue(row?.text as string), `${sqlType} ${zone} ${row?.text}`).toEqual(
              instant,
            );
          }
        }
      }
    });

    it('reads BC timestamps', async () => {
      const [row] = await db.query<{ bc: string }>(
        `select '0044-03-15 12:00:00+00 BC'::timestamptz::text as bc`,
      );
      expect(agentTable.createdAt.mapFromDriverValue(row?.bc as string)).toEqual(
        new Date('-000043-03-15T12:00:00.000Z'),
      );
    });
  });
}
