import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Problem, RecordEntry } from '@carecircle/core';
import type { DocumentReference } from '@medplum/fhirtypes';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { listAuditEventsForPatient } from '../access/audit.service.ts';
import { shareWithProvider } from '../access/care-relationships.service.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import { keyringFor } from './record-keys.ts';
import { readResource } from './record-store.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);
const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

interface Person {
  account: Account;
  token: string;
}

const person = async (account: Account): Promise<Person> => ({
  account,
  token: await accessTokenFor(app, account.id),
});

async function upload(
  who: Person,
  bytes: Buffer,
  contentType: string | undefined,
  query: Record<string, string> = { title: 'Letter' },
  headers: Record<string, string> = {},
) {
  const res = await fetch(
    `${app.url}/api/v1/records/documents?${new URLSearchParams(query).toString()}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${who.token}`,
        ...(contentType ? { 'content-type': contentType } : {}),
        ...headers,
      },
      body: new Uint8Array(bytes),
    },
  );
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as RecordEntry & Problem,
  };
}

async function content(who: Person, documentId: string, query = '', headers = {}) {
  const res = await fetch(`${app.url}/api/v1/records/documents/${documentId}/content${query}`, {
    headers: { authorization: `Bearer ${who.token}`, ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const documentCount = async (patientId: string) =>
  Number(
    (
      await app.database.db
        .selectFrom('record_documents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('patient_id', '=', patientId)
        .executeTakeFirstOrThrow()
    ).n,
  ) +
  Number(
    (
      await app.database.db
        .selectFrom('fhir_resources')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('patient_id', '=', patientId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('document upload', () => {
  it('stores each accepted type with a DocumentReference, and serves the same bytes back', async () => {
    const maria = await person(await buildPatient(app.database.db, { name: 'Maria Upload' }));
    const files: [string, Buffer][] = [
      ['application/pdf', pdf('one')],
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      [
        'text/plain; charset=utf-8',
        Buffer.from('Dear Maria, your knee looks good. — Dr. Ökafor\n'),
      ],
    ];
    for (const [type, bytes] of files) {
      const res = await upload(maria, bytes, type, {
        title: `Letter ${type.split(';')[0]}`,
        date: '2026-03-10',
      });
      expect(res.status, type).toBe(201);
      expect(res.body).toMatchObject({
        resourceType: 'DocumentReference',
        category: 'document',
        title: `Letter ${type.split(';')[0]}`,
        patientReported: true,
        source: { kind: 'patient', by: { id: maria.account.id, name: 'Maria Upload' } },
        document: { contentType: type.split(';')[0], size: bytes.length },
      });
      const got = await content(maria, res.body.document!.id);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get('content-type')).toMatch(new RegExp(`^${type.split(';')[0]}`));
      expect(got.headers.get('content-length')).toBe(String(bytes.length));
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(got.headers.get('cache-control')).toBe('no-store');
      expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="Letter [a-z_]+\./);

      // The DocumentReference points at the stored bytes, with their SHA-1.
      const stored = await readResource<DocumentReference>(
        { db: app.database.db, keyring: keyringFor(app.config) },
        'DocumentReference',
        res.body.id,
        { patientId: maria.account.id },
      );
      expect(stored?.resource.content[0]?.attachment).toMatchObject({
        url: `Binary/${res.body.document!.id}`,
        size: bytes.length,
        hash: createHash('sha1').update(bytes).digest('base64'),
        creation: '2026-03-10',
      });
      expect(stored?.resource.status).toBe('current');
    }
    const events = await listAuditEventsForPatient(app.database.db, maria.account.id, {
      limit: 50,
    });
    const uploads = events.filter((e) => e.action === 'records.document.upload');
    expect(uploads).toHaveLength(4);
    expect(events.filter((e) => e.action === 'records.document.read')).toHaveLength(4);
    // Ids, type and size only: not the title.
    expect(JSON.stringify(uploads)).not.toContain('Letter');
  });

  it('makes the file name safe, and returns the existing entry for the same bytes again', async () => {
    const p = await person(await buildPatient(app.database.db));
    const bytes = pdf('twice');
    const first = await upload(p, bytes, 'application/pdf', { title: 'Scan "a/b"\r\n; x=1' });
    expect(first.status).toBe(201);
    const again = await upload(p, bytes, 'application/pdf', { title: 'Another title' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.document!.id).toBe(first.body.document!.id);
    const got = await content(p, first.body.document!.id);
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="Scan _a_b_ x_1.pdf"; filename*=UTF-8''Scan%20%22a%2Fb%22%0D%0A%3B%20x%3D1`,
    );
  });

  it('refuses bytes that are not what they were declared as, and stores nothing', async () => {
    const p = await person(await buildPatient(app.database.db));
    const asPdf = await upload(p, PNG, 'application/pdf');
    expect(asPdf.status).toBe(415);
    expect(asPdf.body.detail).toBe('The file was sent as a PDF, but it is a PNG image.');
    const asText = await upload(p, PNG, 'text/plain');
    expect(asText.status).toBe(415);
    expect(asText.body.detail).toMatch(/plain text, but it is a PNG image/);
    const binary = await upload(p, Buffer.from([0x41, 0x00, 0x42]), 'text/plain');
    expect(binary.status).toBe(415);
    expect(binary.body.detail).toMatch(/not UTF-8 text/);
    const latin1 = await upload(p, Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain');
    expect(latin1.status).toBe(415);
    const pngAsJpeg = await upload(p, PNG, 'image/jpeg');
    expect(pngAsJpeg.status).toBe(415);
    const notAnything = await upload(p, Buffer.from('just words'), 'image/png');
    expect(notAnything.status).toBe(415);
    expect(notAnything.body.detail).toMatch(/its bytes are not those of a PNG image/);
    expect(await documentCount(p.account.id)).toBe(0);
  });

  it('refuses other types (415 naming the accepted ones), empty files and files over 10 MB', async () => {
    const p = await person(await buildPatient(app.database.db));
    const gif = await upload(p, Buffer.from('GIF89a'), 'image/gif');
    expect(gif.status).toBe(415);
    expect(gif.body.detail).toMatch(/PDF .*PNG .*JPEG .*plain text/);
    const none = await upload(p, PNG, undefined);
    expect(none.status).toBe(415);
    const empty = await upload(p, Buffer.alloc(0), 'application/pdf');
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.path).toBe('body');
    const big = Buffer.concat([pdf('big'), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    const tooBig = await upload(p, big, 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(tooBig.body.detail).toMatch(/at most 10 MB/);
    const noTitle = await upload(p, PNG, 'image/png', {});
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors?.[0]?.path).toBe('query.title');
    expect(await documentCount(p.account.id)).toBe(0);
  });
});

describe('who may upload and read documents', () => {
  it('lets a caregiver with records:read read but not upload; others get 404', async () => {
    const db = app.database.db;
    const maria = await person(await buildPatient(db, { name: 'Maria' }));
    const sofia = await person(await buildPatient(db, { name: 'Sofia', roles: ['caregiver'] }));
    await grantProxyAccess(db, {
      patientId: maria.account.id,
      caregiverId: sofia.account.id,
      scopes: ['records:read'],
    });
    const medsOnly = await person(await buildPatient(db, { roles: ['caregiver'] }));
    await grantProxyAccess(db, {
      patientId: maria.account.id,
      caregiverId: medsOnly.account.id,
      scopes: ['medications:read'],
    });
    const stranger = await person(await buildPatient(db));
    const doctor = await person(await buildProvider(db));
    await shareWithProvider(
      db,
      { id: maria.account.id, roles: ['patient'], clientId: 'carecircle-web', scopes: [] },
      { providerId: doctor.account.id },
    );

    const up = await upload(maria, PNG, 'image/png', { title: 'Rash photo' });
    expect(up.status).toBe(201);
    const docId = up.body.document!.id;

    const bySofia = await upload(
      sofia,
      JPEG,
      'image/jpeg',
      { title: 'x' },
      {
        'x-acting-for': maria.account.id,
      },
    );
    expect(bySofia.status).toBe(403);
    const read = await content(sofia, docId, '', { 'x-acting-for': maria.account.id });
    expect(read.status).toBe(200);
    expect(read.bytes.equals(PNG)).toBe(true);
    // A medications-only grant does not reach documents.
    expect((await content(medsOnly, docId, '', { 'x-acting-for': maria.account.id })).status).toBe(
      404,
    );

    // The stranger: 404 on Maria's document, whether naming her or not.
    expect((await content(stranger, docId)).status).toBe(404);
    expect((await content(stranger, docId, `?patientId=${maria.account.id}`)).status).toBe(404);
    expect(
      (await upload(stranger, PNG, 'image/png', { title: 'x', patientId: maria.account.id }))
        .status,
    ).toBe(404);
    // Maria's own document id under another record is not found either.
    expect((await content(sofia, docId)).status).toBe(404);

    // The treating provider reads and adds to the chart (provenance: provider).
    expect((await content(doctor, docId, `?patientId=${maria.account.id}`)).status).toBe(200);
    const letter = await upload(doctor, pdf('clinic letter'), 'application/pdf', {
      title: 'Clinic letter',
      patientId: maria.account.id,
    });
    expect(letter.status).toBe(201);
    expect(letter.body.source.kind).toBe('provider');
    expect(letter.body.patientReported).toBe(false);
    expect((await content(maria, letter.body.document!.id)).status).toBe(200);
  });

  it('answers 404 for a document whose DocumentReference was deleted', async () => {
    const p = await person(await buildPatient(app.database.db));
    const up = await upload(p, pdf('gone'), 'application/pdf');
    await app.database.db
      .updateTable('fhir_resources')
      .set({ deleted: true })
      .where('id', '=', up.body.id)
      .execute();
    expect((await content(p, up.body.document!.id)).status).toBe(404);
    // Uploading the same bytes again makes a new entry.
    expect((await upload(p, pdf('gone'), 'application/pdf')).status).toBe(201);
  });

  it('needs sign-in', async () => {
    const res = await fetch(`${app.url}/api/v1/records/documents?title=x`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(PNG),
    });
    expect(res.status).toBe(401);
  });
});
