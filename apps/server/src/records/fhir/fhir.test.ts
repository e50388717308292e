import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, CapabilityStatement, Observation } from '@medplum/fhirtypes';
import { buildPatient } from '../../../test/factories.ts';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { accessTokenFor } from '../../../test/tokens.ts';
import { listAuditEventsForPatient } from '../../access/audit.service.ts';
import { fhir, idsOf, issueOf, observation, VITAL_SIGNS } from './fhir-test-client.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function patient() {
  const account = await buildPatient(app.database.db);
  return { id: account.id, token: await accessTokenFor(app, account.id) };
}

describe('FHIR endpoint basics', () => {
  it('describes itself at /metadata without a token', async () => {
    const res = await fhir<CapabilityStatement>(app, undefined, 'GET', '/metadata');
    expect(res.status).toBe(200);
    expect(res.body.fhirVersion).toBe('4.0.1');
    expect(res.body.format).toContain('json');
    const rest = res.body.rest![0]!;
    expect(rest.mode).toBe('server');
    expect(rest.security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    const uris = rest.security?.extension?.[0];
    expect(uris?.url).toBe('http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
    expect(uris?.extension).toEqual([
      { url: 'authorize', valueUri: `${app.url}/oidc/auth` },
      { url: 'token', valueUri: `${app.url}/oidc/token` },
    ]);
    const obs = rest.resource!.find((r) => r.type === 'Observation')!;
    expect(obs.interaction!.map((i) => i.code)).toEqual(
      expect.arrayContaining(['read', 'vread', 'create', 'update', 'delete', 'search-type']),
    );
    expect(obs.searchParam!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'code', 'date', 'category', 'status', '_count']),
    );
  });

  it('answers 401 with a Bearer challenge without a valid token', async () => {
    const none = await fhir(app, undefined, 'GET', '/Observation');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(issueOf(none.body).code).toBe('login');
    const bad = await fhir(app, 'not-a-token', 'GET', '/Observation');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer/);
    issueOf(bad.body);
  });

  it('answers unknown types with 404 not-supported, other methods with 405', async () => {
    const p = await patient();
    const unknown = await fhir(app, p.token, 'GET', '/Claim/abc');
    expect(unknown.status).toBe(404);
    expect(issueOf(unknown.body).code).toBe('not-supported');
    const patch = await fhir(app, p.token, 'PATCH', `/Observation/${crypto.randomUUID()}`, {
      body: [],
    });
    expect(patch.status).toBe(405);
    const putPatient = await fhir(app, p.token, 'PUT', `/Patient/${p.id}`, {
      body: { resourceType: 'Patient', id: p.id },
    });
    expect(putPatient.status).toBe(405);
  });

  it('refuses other media types (415) and malformed JSON (400) with an OperationOutcome', async () => {
    const p = await patient();
    const xml = await fhir(app, p.token, 'POST', '/Observation', {
      raw: '<Observation/>',
      headers: { 'content-type': 'application/fhir+xml' },
    });
    expect(xml.status).toBe(415);
    issueOf(xml.body);
    const broken = await fhir(app, p.token, 'POST', '/Observation', {
      raw: '{"resourceType": "Observation",',
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(broken.status).toBe(400);
    expect(issueOf(broken.body).code).toBe('invalid');
  });
});

describe('FHIR record interactions', () => {
  it('creates, reads, updates (versions), reads history and deletes, audited', async () => {
    const p = await patient();
    const created = await fhir<Observation>(app, p.token, 'POST', '/Observation', {
      body: observation(undefined),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id!;
    expect(created.headers.get('location')).toBe(`${app.url}/fhir/R4/Observation/${id}/_history/1`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body.subject?.reference).toBe(`Patient/${p.id}`);
    expect(created.body.meta?.tag?.[0]?.code).toBe('patient-reported');

    const read = await fhir<Observation>(app, p.token, 'GET', `/Observation/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.headers.get('last-modified')).toBe(
      new Date(read.body.meta!.lastUpdated!).toUTCString(),
    );
    expect(read.body.valueQuantity?.value).toBe(6.1);

    const updated = await fhir<Observation>(app, p.token, 'PUT', `/Observation/${id}`, {
      body: { ...read.body, valueQuantity: { ...read.body.valueQuantity, value: 5.9 } },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.meta?.versionId).toBe('2');
    expect(updated.headers.get('etag')).toBe('W/"2"');

    // A stale If-Match is refused; nothing changes.
    const stale = await fhir(app, p.token, 'PUT', `/Observation/${id}`, {
      body: { ...read.body, valueQuantity: { ...read.body.valueQuantity, value: 1 } },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(stale.status).toBe(412);
    expect(issueOf(stale.body).code).toBe('conflict');

    const v1 = await fhir<Observation>(app, p.token, 'GET', `/Observation/${id}/_history/1`);
    expect(v1.status).toBe(200);
    expect(v1.body.valueQuantity?.value).toBe(6.1);
    expect((await fhir(app, p.token, 'GET', `/Observation/${id}/_history/9`)).status).toBe(404);

    const history = await fhir<Bundle>(app, p.token, 'GET', `/Observation/${id}/_history`);
    expect(history.body.type).toBe('history');
    expect(history.body.total).toBe(2);
    expect(history.body.entry!.map((e) => e.request?.method)).toEqual(['PUT', 'POST']);

    const deleted = await fhir(app, p.token, 'DELETE', `/Observation/${id}`);
    expect(deleted.status).toBe(204);
    expect((await fhir(app, p.token, 'GET', `/Observation/${id}`)).status).toBe(404);
    expect((await fhir(app, p.token, 'DELETE', `/Observation/${id}`)).status).toBe(404);
    const gone = await fhir<Bundle>(app, p.token, 'GET', `/Observation?patient=${p.id}`);
    expect(gone.body.total).toBe(0);

    const events = await listAuditEventsForPatient(app.database.db, p.id, { limit: 50 });
    const actions = events.filter((e) => e.subjectId === id).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'records.create',
        'records.read',
        'records.update',
        'records.history',
        'records.delete',
      ]),
    );
    // Never values in the audit trail.
    expect(JSON.stringify(events)).not.toContain('4548-4');
    expect(JSON.stringify(events)).not.toContain('6.1');
  });

  it('updates nothing that does not exist, and checks the body against the address', async () => {
    const p = await patient();
    const missing = crypto.randomUUID();
    const put = await fhir(app, p.token, 'PUT', `/Observation/${missing}`, {
      body: { ...observation(p.id), id: missing },
    });
    expect(put.status).toBe(404);
    const wrongType = await fhir(app, p.token, 'POST', '/Condition', { body: observation(p.id) });
    expect(wrongType.status).toBe(400);
    expect(issueOf(wrongType.body).expression).toBe('resourceType');
    const badIfMatch = await fhir(app, p.token, 'PUT', `/Observation/${missing}`, {
      body: { ...observation(p.id), id: missing },
      headers: { 'if-match': 'yesterday' },
    });
    expect(badIfMatch.status).toBe(400);
  });

  it('refuses an invalid resource with 400 naming the element, and stores nothing', async () => {
    const p = await patient();
    const { status: _status, ...withoutStatus } = observation(p.id);
    const bad = await fhir(app, p.token, 'POST', '/Observation', { body: withoutStatus });
    expect(bad.status).toBe(400);
    expect(issueOf(bad.body).expression).toMatch(/status/);
    const wrongValue = await fhir(app, p.token, 'POST', '/Observation', {
      body: { ...observation(p.id), valueQuantity: { value: 'six' } },
    });
    expect(wrongValue.status).toBe(400);
    expect(issueOf(wrongValue.body).expression).toMatch(/^Observation.value/);
    const unknownElement = await fhir(app, p.token, 'POST', '/Observation', {
      body: { ...observation(p.id), colour: 'blue' },
    });
    expect(unknownElement.status).toBe(400);
    expect(issueOf(unknownElement.body).expression).toMatch(/colour/);
    const search = await fhir<Bundle>(app, p.token, 'GET', '/Observation');
    expect(search.body.total).toBe(0);
  });

  it('refuses a resource about another patient than the one named (422)', async () => {
    const p = await patient();
    const other = await patient();
    // Creating for someone else is not allowed at all: 404 as for anything of theirs.
    const forOther = await fhir(app, p.token, 'POST', '/Observation', {
      body: observation(other.id),
    });
    expect(forOther.status).toBe(404);
    const created = await fhir<Observation>(app, p.token, 'POST', '/Observation', {
      body: observation(p.id),
    });
    const moved = await fhir(app, p.token, 'PUT', `/Observation/${created.body.id}`, {
      body: { ...created.body, subject: { reference: `Patient/${other.id}` } },
    });
    expect(moved.status).toBe(422);
    expect(issueOf(moved.body).code).toBe('business-rule');
  });
});

describe('FHIR search', () => {
  let p: { id: string; token: string };
  beforeAll(async () => {
    p = await patient();
    const dates = ['2023-06-01', '2024-01-15T10:00:00Z', '2024-02-20', '2024-12-31', '2025-05-05'];
    for (const [i, date] of dates.entries()) {
      await fhir(app, p.token, 'POST', '/Observation', {
        body: observation(p.id, {
          effectiveDateTime: date,
          ...(i === 4
            ? {
                category: [VITAL_SIGNS],
                status: 'amended',
                code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
                identifier: [{ system: 'urn:lab', value: 'L-5' }],
              }
            : {}),
        }),
      });
    }
  });

  const search = (query: string, headers?: Record<string, string>) =>
    fhir<Bundle<Observation>>(app, p.token, 'GET', `/Observation?${query}`, { headers });
  const dates = (b: Bundle<Observation>) =>
    (b.entry ?? []).map((e) => e.resource!.effectiveDateTime);

  it('returns a searchset with total, fullUrls and match mode, newest first', async () => {
    const res = await search(`patient=Patient/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('searchset');
    expect(res.body.total).toBe(5);
    expect(dates(res.body)[0]).toBe('2025-05-05');
    const entry = res.body.entry![0]!;
    expect(entry.fullUrl).toBe(`${app.url}/fhir/R4/Observation/${entry.resource!.id}`);
    expect(entry.search?.mode).toBe('match');
    expect((await search(p.id)).status).toBe(400); // a bare value is not a parameter
    expect((await search(`patient=${p.id}`)).body.total).toBe(5);
  });

  it('filters by code, category, status and identifier tokens', async () => {
    expect((await search('code=http://loinc.org|8867-4')).body.total).toBe(1);
    expect((await search('code=4548-4')).body.total).toBe(4);
    expect((await search('code=8867-4,4548-4')).body.total).toBe(5);
    expect((await search('code=http://snomed.info/sct|4548-4')).body.total).toBe(0);
    expect((await search('category=vital-signs')).body.total).toBe(1);
    expect((await search('status=amended')).body.total).toBe(1);
    expect((await search('status=final,amended')).body.total).toBe(5);
    expect((await search('identifier=urn:lab|L-5')).body.total).toBe(1);
    const bare = await search('identifier=L-5');
    expect(bare.status).toBe(400);
    expect(issueOf(bare.body).expression).toBe('identifier');
  });

  it('filters by date with prefixes and precision', async () => {
    expect(dates((await search('date=2024')).body)).toEqual([
      '2024-12-31',
      '2024-02-20',
      '2024-01-15T10:00:00Z',
    ]);
    expect((await search('date=2024-02')).body.total).toBe(1);
    expect((await search('date=eq2024-01-15')).body.total).toBe(1);
    expect((await search('date=ne2024')).body.total).toBe(2);
    expect((await search('date=lt2024-01-15')).body.total).toBe(1);
    expect((await search('date=le2024-01-15')).body.total).toBe(2);
    expect((await search('date=gt2024-12-31')).body.total).toBe(1);
    expect((await search('date=ge2024-12-31')).body.total).toBe(2);
    expect((await search('date=sa2024')).body.total).toBe(1);
    expect((await search('date=eb2024')).body.total).toBe(1);
    expect((await search('date=ge2024-01-01&date=lt2024-03-01')).body.total).toBe(2);
    expect((await search('date=eq2024-01-15T10:00:00Z')).body.total).toBe(1);
    expect((await search('date=gt2024-01-15T10:00:00%2B01:00')).body.total).toBe(4);
    const bad = await search('date=last-tuesday');
    expect(bad.status).toBe(400);
    expect(issueOf(bad.body).expression).toBe('date');
  });

  it('sorts and pages with absolute self, next and previous links', async () => {
    const first = await search('_sort=date&_count=2');
    expect(dates(first.body)).toEqual(['2023-06-01', '2024-01-15T10:00:00Z']);
    const link = (b: Bundle, rel: string) => b.link?.find((l) => l.relation === rel)?.url;
    expect(link(first.body, 'self')).toMatch(new RegExp(`^${app.url}/fhir/R4/Observation\\?`));
    expect(link(first.body, 'previous')).toBeUndefined();
    const next = link(first.body, 'next')!;
    const second = await fhir<Bundle<Observation>>(
      app,
      p.token,
      'GET',
      next.replace(`${app.url}/fhir/R4`, ''),
    );
    expect(dates(second.body)).toEqual(['2024-02-20', '2024-12-31']);
    expect(link(second.body, 'previous')).toContain('_offset=0');
    const last = await search('_sort=date&_count=2&_offset=4');
    expect(dates(last.body)).toEqual(['2025-05-05']);
    expect(link(last.body, 'next')).toBeUndefined();
    expect(idsOf((await search('_sort=-_lastUpdated&_count=1')).body)).toHaveLength(1);
    expect((await search('_count=1000')).body.entry).toHaveLength(5);
    expect((await search('_sort=value')).status).toBe(400);
  });

  it('refuses unknown parameters unless handling is lenient', async () => {
    const strict = await search('colour=blue');
    expect(strict.status).toBe(400);
    expect(issueOf(strict.body).expression).toBe('colour');
    const lenient = await search('colour=blue', { prefer: 'handling=lenient' });
    expect(lenient.status).toBe(200);
    expect(lenient.body.total).toBe(5);
  });

  it('searches with POST _search and a form body', async () => {
    const res = await fhir<Bundle>(app, p.token, 'POST', '/Observation/_search', {
      raw: new URLSearchParams({ code: 'http://loinc.org|8867-4' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
  });
});
