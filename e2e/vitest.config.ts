import { defineConfig } from 'vitest/config';

// End-to-end: the built web app in real Chromium against a real server on embedded PostgreSQL.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    environment: 'node',
    // Each Playwright step has its own 20 s limit (browser.ts), so a hang names its step; the
    // whole test may take longer on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll's default 1 s is shorter than a cold page load on a loaded machine.
    expect: { poll: { timeout: 15_000 } },
    fileParallelism: false,
  },
});
