/** Child of the CLI tests: holds the PGlite directory `argv[2]` open, as a running agent does, until killed. */
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-pglite-child <dataDir>');
const driver = await createPgliteDriver({ dataDir });
await driver.ping();
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
