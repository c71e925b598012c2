/**
 * The PostgreSQL extensions the elizaOS core schema uses (`vector` columns, `levenshtein` search):
 * every backend offers them, and migrations install those the server has.
 */
export const CORE_EXTENSIONS = ['vector', 'fuzzystrmatch'] as const;
