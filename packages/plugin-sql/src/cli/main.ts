import { createProcessIo } from './create-process-io.js';
import { runCli } from './run-cli.js';

/** The `eliza-sql` executable: runs the command named on the command line and sets the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, createProcessIo());
}
