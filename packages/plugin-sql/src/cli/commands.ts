import type { CliCommand } from './cli-command.js';
import { reclaimEmbeddingsCommand } from './reclaim-embeddings-command.js';
import { reembedCommand } from './reembed-command.js';

/** Every `eliza-sql` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [reembedCommand, reclaimEmbeddingsCommand];
