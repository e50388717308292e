import { defineConfig } from 'vitest/config';

// End-to-end: the built web app in real Chromium against a real server on embedded PostgreSQL.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
