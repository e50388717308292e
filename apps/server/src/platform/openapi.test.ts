import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '@carecircle/core';
import { startTestApp, type TestApp } from '../../test/helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document generated from the contract', async () => {
    const res = await fetch(`${app.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const e of endpoints) {
      const p = e.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[p]?.[e.method], `${e.method} ${p}`).toBeDefined();
    }
  });

  it('documents query parameters and the problem+json error shape', async () => {
    const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        {
          get: {
            parameters: { name: string; in: string }[];
            responses: Record<string, { content: Record<string, unknown> }>;
          };
        }
      >;
    };
    const list = doc.paths['/api/v1/providers']!.get;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      'query:language',
      'query:modality',
      'query:q',
      'query:specialty',
    ]);
    expect(Object.keys(list.responses['400']!.content)).toEqual(['application/problem+json']);
  });

  it('has a browsable API reference page that loads its assets locally', async () => {
    const res = await fetch(`${app.url}/api/docs/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/api/docs/init.js');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      expect((await fetch(`${app.url}${asset}`)).status, asset).toBe(200);
    }
    const init = await (await fetch(`${app.url}/api/docs/init.js`)).text();
    expect(init).toContain('/api/openapi.json');
  });
});
