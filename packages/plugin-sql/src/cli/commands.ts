import type { CliCommand } from './cli-command.js';

/** Every `eliza-sql` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
