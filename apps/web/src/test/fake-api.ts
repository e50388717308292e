import { vi } from 'vitest';
import { providers as defaultProviders } from './fixtures.ts';

/** The edge of the world for web unit tests: a fetch that answers like the CareCircle server. */
export type Handler = (request: {
  url: URL;
  method: string;
  /** The JSON body, parsed (undefined when there is none). */
  body?: unknown;
  /** Request headers, names in lower case (e.g. `idempotency-key`, `x-acting-for`). */
  headers?: Record<string, string>;
}) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function problemResponse(status: number, title: string, detail?: string): Response {
  return new Response(
    JSON.stringify({
      type: 'https://carecircle.example/problems/internal',
      title,
      status,
      detail,
      requestId: 'req-test',
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/** Default server: GET /api/v1/providers filters the fixture list by `q` (name or specialty). */
export const defaultHandler: Handler = ({ url }) => {
  if (url.pathname === '/api/v1/providers') {
    const q = url.searchParams.get('q')?.toLowerCase() ?? '';
    const items = defaultProviders.filter(
      (p) => !q || p.name.toLowerCase().includes(q) || p.specialty.toLowerCase().includes(q),
    );
    return jsonResponse({ items });
  }
  if (url.pathname === '/api/v1/info') {
    return jsonResponse({
      name: 'CareCircle',
      version: '0.1.0',
      environment: 'test',
      demoData: true,
      locales: ['en', 'es'],
    });
  }
  return problemResponse(404, 'Not found');
};

export function createFakeFetch(handler: Handler = defaultHandler) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    handler({
      url: new URL(String(input instanceof Request ? input.url : input), 'http://localhost'),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
    }),
  );
}

/** The URLs the app asked for, for assertions. */
export function requestedUrls(fetchMock: ReturnType<typeof createFakeFetch>): URL[] {
  return fetchMock.mock.calls.map(
    ([input]) => new URL(String(input instanceof Request ? input.url : input), 'http://localhost'),
  );
}
