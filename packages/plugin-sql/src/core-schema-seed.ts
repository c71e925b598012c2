import { readFileSync } from 'node:fs';
import { schema as coreSchema } from '@eliza-sql/core-schema';
import { CORE_EXTENSIONS, skippedIndexMethods } from '@eliza-sql/core-schema/driver';
import { createSnapshot, hashSnapshot } from '@eliza-sql/migrator';

/**
 * A PGlite cluster with the core schema already migrated, made at build time by
 * `scripts/build-core-schema-seed.mjs`: a new embedded database starts from it instead of running the
 * 77 statements of the core migration. Its journal is left empty, so the first start's migration
 * finds every object in place, plans nothing, and records the migration with that start's timestamp.
 */
const SEED_DIR = new URL('../dist/seed/', import.meta.url);
/** The archive, in the seed directory. */
const SEED_FILE = 'core-schema.tar.gz';
/** `{ "schemaHash": "..." }`: the core schema the seed was made from, beside it. */
const MANIFEST_FILE = 'core-schema.json';

/** Hash of the core schema as the migrator sees it on PGlite: the seed is used only when it matches. */
export function coreSchemaHash(): string {
  return hashSnapshot(
    createSnapshot(coreSchema, {
      extensions: CORE_EXTENSIONS,
      skipIndexMethods: skippedIndexMethods({ approximateVectorIndexes: false }),
    }),
  );
}

function readOptional(url: URL): Buffer | undefined {
  try {
    return readFileSync(url);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The seed archive, or `undefined` (the driver then falls back to its bundled empty cluster) when the
 * build has none or it was made from another version of the core schema.
 */
export function readCoreSchemaSeed(seedDir: URL = SEED_DIR): Uint8Array | undefined {
  const manifest = readOptional(new URL(MANIFEST_FILE, seedDir));
  if (!manifest) return undefined;
  const { schemaHash } = JSON.parse(manifest.toString('utf8')) as { schemaHash?: unknown };
  if (schemaHash !== coreSchemaHash()) return undefined;
  return readOptional(new URL(SEED_FILE, seedDir));
}
