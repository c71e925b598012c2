import * as tables from './tables/index.js';

/**
 * Every core table, keyed by the reference's export names: what a plugin passes to the migrator
 * (`{ name: '@elizaos/plugin-sql', schema }`) and what `drizzle(..., { schema })` accepts.
 */
export const schema = { ...tables } as const;

/** The type of {@link schema}. */
export type CoreSchema = typeof schema;
