import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { errorHandler } from './errors.ts';
import { runWithContext } from './request-context.ts';
import { createLogger } from './logger.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.type).toBe(problemType(type));
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.any(String));
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('problem+json for bad input', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await fetch(`${app.url}/api/v1/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    await expectProblem(res, 400, 'malformed-json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await fetch(`${app.url}/api/v1/info`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    await expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers an oversized body with 413', async () => {
    const res = await fetch(`${app.url}/api/v1/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    await expectProblem(res, 413, 'payload-too-large');
  });

  it('answers an unknown API route with 404', async () => {
    const res = await fetch(`${app.url}/api/v1/no-such-thing`);
    await expectProblem(res, 404, 'not-found');
    const post = await fetch(`${app.url}/api/v2/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await expectProblem(post, 404, 'not-found');
  });

  it('lists every bad field with its path', async () => {
    const res = await fetch(`${app.url}/api/v1/providers?modality=car&q=${'x'.repeat(101)}`);
    const body = await expectProblem(res, 400, 'validation');
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['query.modality', 'query.q']);
  });
});

describe('unexpected errors', () => {
  it('are 500 without stack trace or SQL in the body', async () => {
    const mini = express();
    const logger = createLogger({ logLevel: 'silent' });
    mini.use((_req, _res, next) => runWithContext({ requestId: 'req-1', logger }, next));
    mini.get('/boom', () => {
      throw new Error('SELECT secret FROM patients WHERE ssn = 123');
    });
    mini.use(errorHandler);
    const server = http.createServer(mini).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(/SELECT|secret|at \w+ \(|\.ts:\d+/);
      expect(JSON.parse(text)).toMatchObject({
        type: problemType('internal'),
        status: 500,
        requestId: 'req-1',
      });
    } finally {
      server.close();
    }
  });
});

describe('headers', () => {
  it('echoes X-Request-Id, or makes one', async () => {
    const mine = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${app.url}/healthz`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never lets API responses be cached', async () => {
    for (const path of ['/api/v1/info', '/api/v1/nothing', '/healthz', '/readyz']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('sends security headers and a strict content security policy', async () => {
    const res = await fetch(`${app.url}/api/v1/info`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('health probes', () => {
  it('healthz answers while the process is alive', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('readyz is 200 when the database is reachable and migrated', async () => {
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    });
  });

  it('readyz is 503 when a migration is pending', async () => {
    const pending = await startTestApp({
      migrations: [{ version: '9999', name: '9999_future', sql: 'SELECT 1', checksum: 'x' }],
    });
    try {
      const res = await fetch(`${pending.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'not_ready',
        checks: { migrations: 'pending' },
      });
    } finally {
      await pending.close();
    }
  });

  it('readyz is 503 when the database is unreachable', async () => {
    const down = await startTestApp({ connectionString: 'postgresql://postgres@127.0.0.1:1/none' });
    try {
      const res = await fetch(`${down.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'not_ready',
        checks: { database: 'unreachable' },
      });
    } finally {
      await down.close();
    }
  });
});
