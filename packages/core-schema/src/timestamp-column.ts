import { customType } from 'drizzle-orm/pg-core';

const TEXT =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;

/** A year as ISO 8601 writes it: four digits from 0000 to 9999, else signed six digits. */
function isoYear(digits: string, bc: boolean): string {
  const year = bc ? 1 - Number(digits) : Number(digits);
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

/**
 * PostgreSQL's text form of a `timestamp` / `timestamptz` (ISO DateStyle, as both drivers hand it to
 * Drizzle) as the exact instant: rewritten as strict ISO 8601, which `Date` parses by the standard.
 * Drizzle's own mapping is `new Date(text)`, whose legacy parsing reads years 0–99 as 1900–1999 and
 * BC dates as invalid. Text without an offset (`timestamp`) is UTC wall time, as the stores write it.
 */
export function parseTimestampText(text: string): Date {
  const match = TEXT.exec(text);
  if (!match) return new Date(text === 'infinity' ? Number.POSITIVE_INFINITY : text);
  const [, year = '', month, day, clock, fraction = '', sign, hours, minutes = '00', seconds, bc] = match;
  const zone = sign ? `${sign}${hours}:${minutes}` : 'Z';
  const date = new Date(
    `${isoYear(year, bc !== undefined)}-${month}-${day}T${clock}${fraction.slice(0, 4)}${zone}`,
  );
  // ISO offsets have no seconds (historical zones have them): local = UTC + offset.
  if (seconds) date.setTime(date.getTime() - (sign === '-' ? -1 : 1) * Number(seconds) * 1000);
  return date;
}

/**
 * A `timestamp` column (`withTimezone`: `timestamptz`) whose values are Dates, read exactly. Same SQL
 * type as Drizzle's `timestamp()` (so DDL and snapshots are identical) and the same writes
 * (`toISOString()`); only the read differs ({@link parseTimestampText}).
 */
export const timestampColumn = customType<{
  data: Date;
  driverData: string | Date;
  config: { withTimezone?: boolean };
}>({
  dataType(config) {
    return config?.withTimezone ? 'timestamp with time zone' : 'timestamp';
  },
  toDriver(value) {
    return value.toISOString();
  },
  fromDriver(value) {
    return value instanceof Date ? value : parseTimestampText(value);
  },
});
