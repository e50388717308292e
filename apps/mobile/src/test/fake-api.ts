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
