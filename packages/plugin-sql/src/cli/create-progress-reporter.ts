import type { CliIo } from './cli-command.js';

/** Reports how far a long operation is: a redrawn bar on a terminal, a plain line at most every `intervalMs` otherwise. */
export interface ProgressReporter {
  /** `done` of `total` units (rows, memories) are finished. */
  update(done: number, total?: number): void;
  /** Ends the bar (or prints the last line) with a summary. */
  finish(summary: string): void;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Minimum time between two plain lines (default 5 s); the bar redraws at most every 100 ms. */
  readonly intervalMs?: number;
  /** The clock (default `Date.now`). */
  readonly now?: () => number;
}

/** A reporter for `label` ("copy memories") writing on `io`. */
export function createProgressReporter(
  io: CliIo,
  label: string,
  options: ProgressReporterOptions = {},
): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = io.isTTY ? 100 : (options.intervalMs ?? 5000);
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  let total: number | undefined;
  let drawn = false;
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      const at = now();
      if (at - last < interval) return;
      last = at;
      const text = describeProgress(label, done, total, at - started);
      if (io.isTTY) {
        io.redraw(`${bar(done, total)} ${text}`);
        drawn = true;
      } else io.err(text);
    },
    finish(summary) {
      if (drawn) io.redraw('');
      io.err(`${label}: ${summary}`);
    },
  };
}

function describeProgress(label: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const of = total === undefined ? '' : ` of ${total}`;
  const eta =
    total !== undefined && rate > 0 && done < total
      ? `, about ${Math.ceil((total - done) / rate)} s left`
      : '';
  return `${label}: ${done}${of} (${Math.round(rate)}/s${eta})`;
}

function bar(done: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return '[…]';
  const width = 24;
  const filled = Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
