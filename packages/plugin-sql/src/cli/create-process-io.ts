import type { CliIo } from './cli-command.js';

/** The {@link CliIo} of this process: stdout/stderr, and an abort signal fired by SIGINT or SIGTERM. */
export function createProcessIo(): CliIo {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted by a signal'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    redraw: (text) => process.stderr.write(`\r\x1b[2K${text}`),
    isTTY: process.stderr.isTTY === true,
    signal: controller.signal,
  };
}
