import { customType } from 'drizzle-orm/pg-core';
import { parseTimestampText } from './driver/parse-timestamp-text.js';

/**
 * A `timestamp` column (`withTimezone`: `timestamptz`) whose values are Dates, read exactly. Same SQL
 * type as Drizzle's `timestamp()` (so DDL and snapshots are identical) and the same writes
 * (`toISOString()`); only the read differs: {@link parseTimestampText}, exact where Drizzle's
 * `new Date(text)` reads years 0–99 as 1900–1999 and BC dates as invalid.
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
