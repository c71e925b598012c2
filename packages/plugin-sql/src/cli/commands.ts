import type { CliCommand } from './cli-command.js';
import { backupCommand } from './backup-command.js';
import { pruneCommand } from './prune-command.js';
import { restoreCommand } from './restore-command.js';

/** Every `eliza-sql` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [pruneCommand, backupCommand, restoreCommand];
