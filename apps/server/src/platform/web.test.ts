import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';

let app: TestApp;
let bare: TestApp;
beforeAll(async () => {
  const dist = await mkdtemp(path.join(os.tmpdir(), 'cc-web-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(
    path.join(dist, 'index.html'),
    '<!doctype html><title>CareCircle</title><div id="root"></div>',
  );
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  app = await startTestApp({ config: { WEB_DIST_DIR: dist } });
  bare = await startTestApp({ config: { WEB_DIST_DIR: path.join(dist, 'missing') } });
});
afterAll(async () => {
  await app.close();
  await bare.close();
});

const html = { accept: 'text/html,application/xhtml+xml' };

describe('serving the web app', () => {
  it('serves index.html at / with the strict CSP', async () => {
    const res = await fetch(`${app.url}/`, { headers: html });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html so a reload works', async () => {
    for (const route of ['/appointments', '/records/123', '/profile']) {
      const res = await fetch(`${app.url}${route}`, { headers: html });
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await fetch(`${app.url}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.url}/assets/nope.js`)).status).toBe(404);
  });

  it('never answers API paths with the app', async () => {
    const res = await fetch(`${app.url}/api/v1/unknown`, { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('says how to build the app when it is missing', async () => {
    const res = await fetch(`${bare.url}/`, { headers: html });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
