import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests share one real lab: files run one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
