#!/usr/bin/env node
// A committed launcher, so package managers can link the command before `dist/` is built.
import { main } from '../dist/cli/main.js';

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
