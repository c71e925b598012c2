#!/usr/bin/env node
// A committed launcher, so package managers can link the command before `dist/` is built.
import { runCli } from '../dist/cli.js';

runCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
