import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type EmbedTexts, reembedMemories } from '../embedding-lifecycle/reembed-memories.js';
import { CliUsageError, type CliCommand, EXIT_CODES } from './cli-command.js';
import { createProgressReporter } from './create-progress-reporter.js';
import { AGENT_DATABASE_OPTIONS, openAgentAdapter } from './open-agent-adapter.js';

/** Loads `embed(texts)` (a named export, or the default export's `embed`, or a default function) from a module path. */
async function loadEmbed(path: string): Promise<EmbedTexts> {
  const url = pathToFileURL(isAbsolute(path) ? path : resolve(process.cwd(), path)).href;
  const module = (await import(url)) as { embed?: unknown; default?: unknown };
  const fromDefault =
    typeof module.default === 'function'
      ? module.default
      : (module.default as { embed?: unknown } | undefined)?.embed;
  const embed = module.embed ?? fromDefault;
  if (typeof embed !== 'function') {
    throw new CliUsageError(`--embed ${path}: the module exports no embed(texts) function`);
  }
  return embed as EmbedTexts;
}

const positiveInteger = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1) {
    throw new CliUsageError(`--${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
};

/** `eliza-sql reembed`: re-embeds an agent's memories into its active embedding space. */
export const reembedCommand: CliCommand = {
  name: 'reembed',
  summary: "re-embed an agent's memories with its current embedding model (resumable)",
  usage: `Usage: eliza-sql reembed --db <PGlite dir | postgres:// URL> --agent <id> --embed <module> [options]

Re-embeds the agent's memories that have no vector of its active embedding space (the model it was
last started with), calling embed(texts) from the module in batches. Progress is kept in the
database: stop it at any time (Ctrl-C) and run it again to continue.

Options:
  --db <location>        PGlite data directory or PostgreSQL URL
  --agent <id>           the agent's id
  --embed <module>       path of a module exporting embed(texts: string[]) => Promise<number[][]>
  --dimension <n>        select this dimension's space first (default: the agent's active space)
  --batch-size <n>       memories per embed call (default 64)
  --concurrency <n>      batches in flight (default 2)

Exit codes: 0 done, 1 some memories failed (listed), 130 interrupted (rerun to continue).`,
  options: {
    ...AGENT_DATABASE_OPTIONS,
    embed: { type: 'string' },
    dimension: { type: 'string' },
    'batch-size': { type: 'string' },
    concurrency: { type: 'string' },
  },
  async run(values, _positionals, io) {
    if (typeof values.embed !== 'string') throw new CliUsageError('--embed <module path> is required');
    const batchSize = positiveInteger('batch-size', values['batch-size'], 64);
    const concurrency = positiveInteger('concurrency', values.concurrency, 2);
    const embed = await loadEmbed(values.embed);
    const adapter = await openAgentAdapter(values);
    try {
      const progress = createProgressReporter(io, 'reembed');
      const report = await reembedMemories(adapter, {
        embed,
        batchSize,
        concurrency,
        signal: io.signal,
        onProgress: (p) => progress.update(p.done, p.total),
      });
      progress.finish(
        `${report.reembedded} re-embedded, ${report.withoutText} without text, ${report.failed} failed ` +
          `of ${report.total} (${report.dimension}-d space ${report.spaceId})`,
      );
      for (const failure of report.failures) io.err(`failed: memory ${failure.memoryId}: ${failure.message}`);
      for (const id of report.withoutTextIds) io.err(`without text: memory ${id}`);
      io.out(
        JSON.stringify({
          spaceId: report.spaceId,
          dimension: report.dimension,
          total: report.total,
          reembedded: report.reembedded,
          withoutText: report.withoutText,
          failed: report.failed,
          aborted: report.aborted,
        }),
      );
      if (report.aborted) return EXIT_CODES.interrupted;
      return report.failed > 0 ? EXIT_CODES.error : EXIT_CODES.ok;
    } finally {
      await adapter.close();
    }
  },
};
