import type {
  ActingForGrant,
  HealthConnection,
  HealthSystem,
  HealthSystemAdmin,
  Me,
} from '@carecircle/core';
import {
  createFakeFetch,
  defaultHandler,
  jsonResponse,
  problemResponse,
  type Handler,
} from '../../test/fake-api.ts';

/** A fake CareCircle server for "Connect a health system" and the admin's health systems. */

export const patient: Me = {
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  email: 'ana@example.org',
  name: 'Ana Patel',
  roles: ['patient'],
  status: 'active',
  locale: 'en',
  timeZone: 'UTC',
  emailVerified: true,
};

export const lakeside: HealthSystemAdmin = {
  id: '6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e',
  name: 'Lakeside Hospital',
  fhirBaseUrl: 'https://fhir.lakeside.example/r4',
  clientId: 'carecircle',
  createdAt: '2026-11-01T09:00:00.000Z',
  disabled: false,
};

export function connection(over: Partial<HealthConnection> = {}): HealthConnection {
  return {
    id: crypto.randomUUID(),
    healthSystem: { id: lakeside.id, name: lakeside.name, fhirBaseUrl: lakeside.fhirBaseUrl },
    status: 'authorizing',
    fetched: 0,
    summary: null,
    error: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    finishedAt: null,
    ...over,
  };
}

export interface Recorded {
  method: string;
  path: string;
  body?: unknown;
  headers: Record<string, string>;
}

export interface FakeConnectOptions {
  me?: Me;
  systems?: HealthSystemAdmin[];
  /** Answers to GET /records/connections, one per call; the last one repeats. */
  connections?: HealthConnection[][];
  actingFor?: ActingForGrant[];
  /** Answer to POST /records/connections (default: 201 with an authorize URL). */
  start?: (healthSystemId: string) => Response;
  /** Answer to POST /records/connections/complete (default: the connection, importing). */
  complete?: (body: { state: string; code?: string; error?: string }) => Response;
  /** Answer to POST /admin/health-systems (default: 201, added to the list). */
  create?: (body: { name: string; fhirBaseUrl: string; clientId: string }) => Response | undefined;
}

const toPublic = (s: HealthSystemAdmin): HealthSystem => ({
  id: s.id,
  name: s.name,
  fhirBaseUrl: s.fhirBaseUrl,
});

export function createFakeConnect(options: FakeConnectOptions = {}) {
  const me = options.me ?? patient;
  const systems = [...(options.systems ?? [lakeside])];
  const answers = options.connections ?? [[]];
  let listCalls = 0;
  const requests: Recorded[] = [];

  const handler: Handler = (req) => {
    const path = req.url.pathname;
    requests.push({ method: req.method, path, body: req.body, headers: req.headers ?? {} });
    if (path === '/api/v1/me') return jsonResponse(me);
    if (path === '/api/v1/grants/acting-for') {
      return jsonResponse({ items: options.actingFor ?? [] });
    }
    if (path === '/api/v1/health-systems' && req.method === 'GET') {
      return jsonResponse(systems.filter((s) => !s.disabled).map(toPublic));
    }
    if (path === '/api/v1/records/connections' && req.method === 'GET') {
      const answer = answers[Math.min(listCalls, answers.length - 1)] ?? [];
      listCalls += 1;
      return jsonResponse(answer);
    }
    if (path === '/api/v1/records/connections' && req.method === 'POST') {
      const { healthSystemId } = req.body as { healthSystemId: string };
      if (options.start) return options.start(healthSystemId);
      const system = systems.find((s) => s.id === healthSystemId)!;
      return jsonResponse(
        {
          connection: connection({ healthSystem: toPublic(system) }),
          authorizeUrl: `${system.fhirBaseUrl}/authorize?state=xyz`,
        },
        201,
      );
    }
    if (path === '/api/v1/records/connections/complete' && req.method === 'POST') {
      const body = req.body as { state: string; code?: string; error?: string };
      if (options.complete) return options.complete(body);
      return jsonResponse(connection({ status: 'importing' }));
    }
    if (path === '/api/v1/admin/health-systems' && req.method === 'GET') {
      return jsonResponse(systems);
    }
    if (path === '/api/v1/admin/health-systems' && req.method === 'POST') {
      const body = req.body as { name: string; fhirBaseUrl: string; clientId: string };
      const answer = options.create?.(body);
      if (answer) return answer;
      const created: HealthSystemAdmin = {
        id: crypto.randomUUID(),
        ...body,
        createdAt: '2026-11-27T09:00:00.000Z',
        disabled: false,
      };
      systems.push(created);
      return jsonResponse(created, 201);
    }
    const disable = /^\/api\/v1\/admin\/health-systems\/([^/]+)\/disable$/.exec(path);
    if (disable && req.method === 'POST') {
      const i = systems.findIndex((s) => s.id === disable[1]);
      if (i < 0) return problemResponse(404, 'Not found');
      systems[i] = { ...systems[i]!, disabled: true };
      return jsonResponse(systems[i]);
    }
    return defaultHandler(req);
  };

  const fetch = createFakeFetch(handler);
  return {
    fetch,
    requests,
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path === path),
  };
}
