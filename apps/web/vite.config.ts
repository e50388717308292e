import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const backend = 'http://localhost:3000';
// Paths the CareCircle server answers; everything else is the single-page app.
const proxied = ['/api', '/healthz', '/readyz', '/.well-known', '/oidc', '/auth', '/dev/mailbox'];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a file: the server's CSP allows no inline data for scripts or styles.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, ws: true }])),
  },
  preview: { port: 4173 },
  test: {
    name: 'web',
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
