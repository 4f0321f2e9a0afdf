import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web-demo',
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // The two browser suites each start a Chromium; one at a time keeps their timings (progress after 1 s) honest
    // on a 2-core machine.
    fileParallelism: false,
  },
});
