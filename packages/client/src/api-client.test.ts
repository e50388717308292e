import { describe, expect, it } from 'vitest';
import { listProvidersEndpoint, appInfoEndpoint } from '@carecircle/core';
import { ApiError, buildPath, buildQuery, createApiClient } from './api-client.ts';

function fakeFetch(handler: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (input: string, init: RequestInit = {}) => {
    const url = input;
    calls.push({ url, init });
    return Promise.resolve(handler(url, init));
  };
  return { fn: fn as unknown as typeof fetch, calls };
}

const info = {
  name: 'CareCircle',
  version: '1',
  environment: 'test',
  demoData: false,
  locales: ['en'],
};

describe('api client', () => {
  it('builds paths and query strings safely', () => {
    expect(buildPath('/a/:id/b/:x', { id: 'a/b', x: 3 })).toBe('/a/a%2Fb/b/3');
    expect(() => buildPath('/a/:id', {})).toThrow(/id/);
    expect(buildQuery({ q: 'dr chen', empty: '', none: undefined, n: 2 })).toBe('?q=dr+chen&n=2');
    expect(buildQuery({})).toBe('');
  });

  it('sends the bearer token and parses the response with the contract', async () => {
    const f = fakeFetch(() => Response.json(info));
    const api = createApiClient({
      baseUrl: 'https://x.example',
      fetch: f.fn,
      getAccessToken: () => 'tok',
    });
    await expect(api.call(appInfoEndpoint)).resolves.toEqual(info);
    expect(f.calls[0]!.url).toBe('https://x.example/api/v1/info');
    expect((f.calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it('rejects a response that breaks the contract', async () => {
    const f = fakeFetch(() => Response.json({ items: [{ id: 'not-a-uuid' }] }));
    const api = createApiClient({ baseUrl: '', fetch: f.fn });
    await expect(api.call(listProvidersEndpoint, { query: { q: 'a' } })).rejects.toThrow();
    expect(f.calls[0]!.url).toBe('/api/v1/providers?q=a');
  });

  it('turns problem+json into an ApiError carrying the problem', async () => {
    const problem = {
      type: 'https://carecircle.example/problems/validation',
      title: 'Some fields need fixing',
      status: 400,
      detail: 'query.q: too long',
    };
    const f = fakeFetch(
      () =>
        new Response(JSON.stringify(problem), {
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
        }),
    );
    const api = createApiClient({ baseUrl: '', fetch: f.fn });
    const err = await api.call(appInfoEndpoint).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).problem).toEqual(problem);
    expect((err as ApiError).message).toBe('query.q: too long');
  });

  it('reports an unreachable server as a network problem', async () => {
    const api = createApiClient({
      baseUrl: '',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const err = (await api.call(appInfoEndpoint).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.problem.type).toMatch(/network$/);
  });

  it('sends extra headers such as Idempotency-Key alongside token, acting-for and language', async () => {
    const f = fakeFetch(() => Response.json(info));
    const api = createApiClient({
      baseUrl: '',
      fetch: f.fn,
      getAccessToken: () => 'tok',
      getActingFor: () => '4b0c5c1e-1111-4222-8333-944444444444',
      getLocale: () => 'es',
    });
    await api.call(appInfoEndpoint, { headers: { 'Idempotency-Key': 'k-1' } });
    const headers = f.calls[0]!.init.headers as Record<string, string>;
    expect(headers['idempotency-key']).toBe('k-1');
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['x-acting-for']).toBe('4b0c5c1e-1111-4222-8333-944444444444');
    // The app's language, so notifications are written in it.
    expect(headers['accept-language']).toBe('es');
  });

  it('fetches files with the token and turns failures into an ApiError', async () => {
    const f = fakeFetch((url) =>
      url.endsWith('/ok.ics')
        ? new Response('BEGIN:VCALENDAR', { headers: { 'content-type': 'text/calendar' } })
        : new Response(null, { status: 404, statusText: 'Not Found' }),
    );
    const api = createApiClient({
      baseUrl: 'https://x.example',
      fetch: f.fn,
      getAccessToken: () => 'tok',
    });
    const blob = await api.getFile('/ok.ics');
    expect(await blob.text()).toBe('BEGIN:VCALENDAR');
    expect(f.calls[0]!.url).toBe('https://x.example/ok.ics');
    expect((f.calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    const err = (await api.getFile('/missing.ics').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
  });
});
