import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { listRoutes } from './routes-list.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('listRoutes', () => {
  it('reads the API routes from the app itself', () => {
    const routes = listRoutes(app.app).map((r) => `${r.method} ${r.path}`);
    expect(routes).toContain('GET /healthz');
    expect(routes).toContain('GET /api/v1/me');
    expect(routes).toContain('POST /oidc/interaction/:uid/login');
  });
});
