import { customType } from 'drizzle-orm/pg-core';

/**
 * A pgvector `vector(N)` column whose values are `number[]`.
 *
 * Same SQL type as Drizzle's `vector({ dimensions })` (so DDL, snapshots and index definitions are
 * identical) but a faster parser: pgvector's text output (`[1,2.5,-3e-05]`) is valid JSON, and
 * `JSON.parse` of it is about twice as fast as Drizzle's `split(',')` + `parseFloat`. Both drivers
 * (postgres.js and PGlite) hand `vector` values over as that text. Values are sent as the same text
 * form (`JSON.stringify`), which pgvector accepts as input.
 */
export const vectorColumn = customType<{
  data: number[];
  driverData: string;
  config: { dimensions: number };
  configRequired: true;
}>({
  dataType(config) {
    return `vector(${config.dimensions})`;
  },
  toDriver(value) {
    return JSON.stringify(value);
  },
  fromDriver(value) {
    return JSON.parse(value) as number[];
  },
});
