import { jest } from '@jest/globals';
import type { ProviderListItem } from '@carecircle/core';

/** What the fake server answers to one request. */
export interface FakeReply {
  status: number;
  body?: unknown;
}

/**
 * A fake `fetch` at the edge of the app: answers each call with the next reply (the last one
 * repeats) and records the URLs asked for. No network is touched.
 */
export function fakeFetch(...replies: FakeReply[]) {
  let call = 0;
  return jest.fn((input: FetchInput, _init?: RequestInit): Promise<Response> => {
    const reply = replies[Math.min(call, replies.length - 1)];
    call += 1;
    if (!reply) return Promise.reject(new TypeError(`Unexpected request to ${urlOf(input)}`));
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const response = {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      statusText: '',
      text: () => Promise.resolve(text),
    };
    return Promise.resolve(response as unknown as Response);
  });
}

type FetchInput = string | URL | Request;

export function urlOf(input: FetchInput): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** The URLs a fake fetch was asked for, in order. */
export function requestedUrls(fetch: { mock: { calls: [FetchInput, RequestInit?][] } }): string[] {
  return fetch.mock.calls.map(([input]) => urlOf(input));
}

export function buildProvider(overrides: Partial<ProviderListItem> = {}): ProviderListItem {
  return {
    id: '6f1c1f4e-2a57-4a8e-9d43-0c6b7f1d2a10',
    name: 'Dr. Amara Okafor',
    specialty: 'Orthopaedic surgery',
    languages: ['en'],
    modalities: ['in_person', 'video'],
    location: {
      name: 'Riverside Clinic',
      address: '12 River Road, Springfield',
      timeZone: 'America/New_York',
    },
    bio: 'Knee and hip surgery, and recovery after it.',
    appointmentTypes: [
      {
        id: '0b6f3c1e-6a55-4d0e-8f55-3f1c2b7d9e01',
        name: 'Knee follow-up',
        durationMinutes: 30,
        modality: 'in_person',
      },
    ],
    nextAvailable: '2026-12-02T15:00:00-05:00',
    ...overrides,
  };
}

export const serverError = {
  status: 503,
  body: {
    type: 'https://carecircle.example/problems/not-ready',
    title: 'Service unavailable',
    status: 503,
  },
} satisfies FakeReply;

/** One request the routed fake API received. */
export interface FakeRequest {
  method: string;
  url: string;
  /** The path without the query string, e.g. `/api/v1/notifications`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** Path parameters of the matching route, e.g. `{ notificationId }` for `/:notificationId/read`. */
  params: Record<string, string>;
}

/** A fixed reply, or one computed from the request (to keep state between calls). */
export type FakeRoute = FakeReply | ((request: FakeRequest) => FakeReply);

/**
 * A fake API at the edge of the app that answers by `METHOD /path` (the query string is not
 * part of the match; `:name` segments match one segment, e.g.
 * `'POST /api/v1/notifications/:notificationId/read'`); anything else is a 404. Exact routes win
 * over ones with parameters. Every request, with its JSON body, is kept in `requests`.
 */
export function fakeApi(routes: Record<string, FakeRoute>) {
  const requests: FakeRequest[] = [];
  const fetch = jest.fn((input: FetchInput, init?: RequestInit): Promise<Response> => {
    const url = new URL(urlOf(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const [key, params] = matchRoute(Object.keys(routes), `${method} ${url.pathname}`);
    const request: FakeRequest = {
      method,
      url: url.href,
      path: url.pathname,
      query: url.searchParams,
      body,
      params,
    };
    requests.push(request);
    const route = key === undefined ? undefined : routes[key];
    const reply: FakeReply =
      route === undefined
        ? { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404 } }
        : typeof route === 'function'
          ? route(request)
          : route;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const response = {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      statusText: '',
      text: () => Promise.resolve(text),
    };
    return Promise.resolve(response as unknown as Response);
  });
  return { fetch, requests };
}

function matchRoute(keys: string[], wanted: string): [string | undefined, Record<string, string>] {
  if (keys.includes(wanted)) return [wanted, {}];
  const wantedParts = wanted.split('/');
  for (const key of keys) {
    const parts = key.split('/');
    if (parts.length !== wantedParts.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const actual = wantedParts[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(actual);
        return actual !== '';
      }
      return part === actual;
    });
    if (matches) return [key, params];
  }
  return [undefined, {}];
}
