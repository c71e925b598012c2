/**
 * Child of the interrupted-copy test: copies `argv[2]` (a PGlite directory) into `argv[3]` (a URL or
 * a PGlite directory) in small batches, printing a line per batch, until done or killed.
 */
import { copyDatabase } from '../../src/data-transfer/copy-database.js';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';

const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: copy-child <from> <to>');
const source = await openDatabaseLocation(from);
const target = await openDatabaseLocation(to);
await copyDatabase({
  from: source,
  to: target,
  batchSize: 100,
  onProgress: (p) => process.stdout.write(`${p.phase} ${p.table} ${p.done}\n`),
});
process.stdout.write('done\n');
await source.close();
await target.close();
