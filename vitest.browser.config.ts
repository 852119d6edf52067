import { defineConfig } from 'vitest/config';

// Browser tests drive the built app in real Chromium; one file at a time, since two cores
// cannot run two browsers and a software WebGL well at once.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
