import { reclaimEmbeddings } from '../embedding-lifecycle/reclaim-embeddings.js';
import { isElizaSqlError } from '../errors.js';
import { type CliCommand, EXIT_CODES } from './cli-command.js';
import { AGENT_DATABASE_OPTIONS, openAgentAdapter } from './open-agent-adapter.js';

/** `eliza-sql reclaim-embeddings`: drops an agent's vectors of other embedding spaces. */
export const reclaimEmbeddingsCommand: CliCommand = {
  name: 'reclaim-embeddings',
  summary: "drop an agent's vectors of old embedding models once its memories are all re-embedded",
  usage: `Usage: eliza-sql reclaim-embeddings --db <PGlite dir | postgres:// URL> --agent <id> [--dimension <n>]

Deletes the agent's vectors that do not belong to its active embedding space, once every embedded
memory has a vector of that space. Refuses (exit 2) while a re-embedding runs or memories still lack a
vector of the active space. Prints what it freed; the disk space returns after VACUUM.`,
  options: { ...AGENT_DATABASE_OPTIONS, dimension: { type: 'string' } },
  async run(values, _positionals, io) {
    const adapter = await openAgentAdapter(values);
    try {
      const freed = await reclaimEmbeddings(adapter);
      io.err(
        `reclaim-embeddings: ${freed.rowsDeleted} rows deleted, ${freed.vectorsCleared} vectors cleared, ` +
          `${freed.bytes} bytes of vectors freed (space ${freed.spaceId})`,
      );
      io.out(JSON.stringify(freed));
      return EXIT_CODES.ok;
    } catch (error) {
      if (isElizaSqlError(error, 'REEMBED_RUNNING') || isElizaSqlError(error, 'EMBEDDING_SPACE_INCOMPLETE')) {
        io.err(`eliza-sql reclaim-embeddings: ${error.code}: ${error.message}`);
        return EXIT_CODES.refused;
      }
      throw error;
    } finally {
      await adapter.close();
    }
  },
};
