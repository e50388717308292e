import { describe, expect, it } from 'vitest';
import { listGrantsEndpoint } from '@carecircle/core';
import { createApiClient } from './api-client.ts';

describe('acting for', () => {
  it('sends X-Acting-For while acting for someone, and nothing otherwise', async () => {
    const seen: (string | undefined)[] = [];
    let actingFor: string | undefined = 'b3c1e7f0-1111-4a2b-8c3d-0123456789ab';
    const api = createApiClient({
      baseUrl: '',
      getActingFor: () => actingFor,
      fetch: ((_url: string, init: RequestInit) => {
        seen.push((init.headers as Record<string, string>)['x-acting-for']);
        return Promise.resolve(Response.json({ items: [] }));
      }) as unknown as typeof fetch,
    });
    await api.call(listGrantsEndpoint);
    actingFor = undefined;
    await api.call(listGrantsEndpoint);
    expect(seen).toEqual(['b3c1e7f0-1111-4a2b-8c3d-0123456789ab', undefined]);
  });
});
