import type { CliIo } from '../../src/cli/cli-command.js';

/** A {@link CliIo} that keeps what a command printed, line by line, as a non-terminal. */
export interface CapturedIo extends CliIo {
  readonly outLines: string[];
  readonly errLines: string[];
}

/** Captures a command's output; `signal` aborts it (default: never). */
export function captureIo(signal: AbortSignal = new AbortController().signal): CapturedIo {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (line) => outLines.push(line),
    err: (line) => errLines.push(line),
    redraw: () => {},
    isTTY: false,
    signal,
  };
}
