import { backupCommand } from './backup-command.js';
import type { CliCommand } from './cli-command.js';
import { copyCommand } from './copy-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { pruneCommand } from './prune-command.js';
import { reclaimEmbeddingsCommand } from './reclaim-embeddings-command.js';
import { reembedCommand } from './reembed-command.js';
import { restoreCommand } from './restore-command.js';

/** Every `eliza-sql` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  copyCommand,
  exportCommand,
  importCommand,
  pruneCommand,
  backupCommand,
  restoreCommand,
  reembedCommand,
  reclaimEmbeddingsCommand,
];
