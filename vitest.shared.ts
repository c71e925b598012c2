import { defineConfig } from 'vitest/config';

/** Shared by every package: tests import workspace packages from their sources, no build needed. */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@eliza-sql/source'] },
  ssr: { resolve: { conditions: ['@eliza-sql/source'] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
