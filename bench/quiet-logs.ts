/**
 * Imported first by run.ts: the elizaOS logger reads LOG_LEVEL when @elizaos/core loads, and the
 * reference prints its migration steps at info; the benchmark's own table is the output.
 */
process.env.LOG_LEVEL ??= 'warn';
