import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web-demo',
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
