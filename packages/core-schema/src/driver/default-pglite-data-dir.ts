/**
 * Where `@elizaos/plugin-sql@1.7.2` actually keeps its PGlite data (its README says `./pglite`, its
 * code uses this): defaulting here keeps existing agents' data where it already is. Defined once for
 * the embedded backend and the facade's configuration.
 */
export const DEFAULT_PGLITE_DATA_DIR = './.eliza/.elizadb';
