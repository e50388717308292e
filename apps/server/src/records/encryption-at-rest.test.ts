import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '@medplum/fhirtypes';
import { buildPatient } from '../../test/factories.ts';
import { startTestApp, testConfig, type TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import type { ActingAs } from '../access/access.ts';
import { readDocumentContent } from './documents.service.ts';
import { DEV_MASTER_KEY_FILE, keyringFor } from './record-keys.ts';
import { createResource, readResource, type StoreContext } from './record-store.ts';

/**
 * Proof that health data is encrypted at rest: records with distinctive values go in through the
 * API and the store, then the whole database is dumped the way a backup or a stolen disk would
 * show it, and none of the values may appear — in clear, base64 or hex (bytea) — while the search
 * fields (codes) do.
 */

let app: TestApp;
let ctx: StoreContext;
beforeAll(async () => {
  app = await startTestApp();
  ctx = { db: app.database.db, keyring: keyringFor(app.config) };
});
afterAll(async () => {
  await app.close();
});

const self = (patientId: string): ActingAs => ({ actorId: patientId, patientId, viaGrantId: null });

const SECRETS = {
  value: '731.0417',
  note: 'Zebra-note-123',
  letter: 'Giraffe-letter-456',
  imported: 'Okapi-import-789',
  display: 'Quokka-display-246',
};

function observation(value: number, note: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: {
      coding: [{ system: 'http://loinc.org', code: '4548-4', display: SECRETS.display }],
    },
    effectiveDateTime: '2026-10-01',
    valueQuantity: { value, unit: '%' },
    note: [{ text: note }],
  };
}

/**
 * Everything in the database as text: pg_dump when one at least as new as the server is
 * installed (pg_dump refuses newer servers, e.g. the embedded PostgreSQL 18), else every table's
 * rows.
 */
async function dumpDatabase(): Promise<string> {
  const { rows: version } = await sql<{ major: number }>`
    SELECT current_setting('server_version_num')::int / 10000 AS major`.execute(app.database.db);
  const serverMajor = version[0]!.major;
  const pgDump = ['18', '17', '16', '15']
    .filter((major) => Number(major) >= serverMajor)
    .map((major) => `/usr/lib/postgresql/${major}/bin/pg_dump`)
    .find((p) => existsSync(p));
  if (pgDump) {
    return execFileSync(pgDump, ['--no-owner', '--dbname', app.config.databaseUrl!], {
      maxBuffer: 512 * 1024 * 1024,
    }).toString('utf8');
  }
  const { rows: tables } = await sql<{ name: string }>`
    SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`.execute(
    app.database.db,
  );
  const parts: string[] = [];
  for (const t of tables) {
    const { rows } = await sql<{
      row: string;
    }>`SELECT t::text AS row FROM ${sql.raw(t.name)} t`.execute(app.database.db);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** The ways a value could sit in a dump: as it is, in base64, in hex (bytea). */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [
    value,
    value.toLowerCase(),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('hex'),
  ];
}

describe('encryption at rest', () => {
  it('leaves no clinical value, note or document text in clear in a database dump', async () => {
    const patient = await buildPatient(app.database.db);
    const token = await accessTokenFor(app, patient.id);
    // Through the store (what every API write goes through)…
    await createResource(ctx, self(patient.id), observation(Number(SECRETS.value), SECRETS.note), {
      source: { kind: 'patient' },
    });
    // …a document through the API…
    const upload = await fetch(`${app.url}/api/v1/records/documents?title=Letter`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: `Dear patient, ${SECRETS.letter}. Kind regards.`,
    });
    expect(upload.status).toBe(201);
    // …and an import through the API.
    const imported = await fetch(`${app.url}/api/v1/records/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'Condition',
              code: {
                coding: [{ system: 'http://snomed.info/sct', code: '239873007' }],
                text: SECRETS.imported,
              },
              subject: { reference: 'Patient/x' },
            },
          },
        ],
      }),
    });
    expect(imported.status).toBe(200);

    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(1000);
    for (const secret of Object.values(SECRETS)) {
      for (const form of encodings(secret)) {
        expect(dump.includes(form), `"${secret}" found in the dump as "${form}"`).toBe(false);
      }
    }
    // What search needs is there in clear: the codes.
    expect(dump).toContain('http://loinc.org|4548-4');
    expect(dump).toContain('http://snomed.info/sct|239873007');
    // And the values are still readable through the store.
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM fhir_resources WHERE patient_id = ${patient.id} AND resource_type = 'Observation'`.execute(
      app.database.db,
    );
    const read = await readResource<Observation>(ctx, 'Observation', rows[0]!.id);
    expect(read?.resource.note?.[0]?.text).toBe(SECRETS.note);
  });

  it('does not decrypt a ciphertext moved to another row or another patient', async () => {
    const a = await buildPatient(app.database.db);
    const b = await buildPatient(app.database.db);
    const a1 = await createResource(ctx, self(a.id), observation(1, 'first'), {
      source: { kind: 'patient' },
    });
    const a2 = await createResource(ctx, self(a.id), observation(2, 'second'), {
      source: { kind: 'patient' },
    });
    const b1 = await createResource(ctx, self(b.id), observation(3, 'third'), {
      source: { kind: 'patient' },
    });
    const payloadOf = async (id: string) =>
      (
        await app.database.db
          .selectFrom('fhir_resources')
          .select('payload')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).payload;
    const a1Payload = await payloadOf(a1.id);
    // Another row of the same patient (same key, other AAD)…
    await app.database.db
      .updateTable('fhir_resources')
      .set({ payload: a1Payload })
      .where('id', '=', a2.id)
      .execute();
    await expect(readResource(ctx, 'Observation', a2.id)).rejects.toThrow();
    // …and another patient's row (other key, other AAD).
    await app.database.db
      .updateTable('fhir_resources')
      .set({ payload: a1Payload })
      .where('id', '=', b1.id)
      .execute();
    await expect(readResource(ctx, 'Observation', b1.id)).rejects.toThrow();
    // The original still reads.
    expect((await readResource<Observation>(ctx, 'Observation', a1.id))?.resource.note).toEqual([
      { text: 'first' },
    ]);

    // Documents too: one document's sealed bytes in another document's row do not open.
    const token = await accessTokenFor(app, a.id);
    const ids: string[] = [];
    for (const text of ['letter one', 'letter two']) {
      const res = await fetch(`${app.url}/api/v1/records/documents?title=L`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body: text,
      });
      ids.push(((await res.json()) as { document: { id: string } }).document.id);
    }
    const first = await app.database.db
      .selectFrom('record_documents')
      .select('content')
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    await app.database.db
      .updateTable('record_documents')
      .set({ content: first.content })
      .where('id', '=', ids[1]!)
      .execute();
    await expect(readDocumentContent(ctx, self(a.id), ids[1]!)).rejects.toThrow();
    expect((await readDocumentContent(ctx, self(a.id), ids[0]!))?.bytes.toString()).toBe(
      'letter one',
    );
  });

  it('without RECORDS_MASTER_KEY (development) generates one key into DATA_DIR, mode 0600', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'records-key-'));
    try {
      const config = testConfig({ DATA_DIR: dataDir, RECORDS_MASTER_KEY: '' });
      expect(config.recordsMasterKey).toBeFalsy();
      const first = keyringFor(config);
      const file = path.join(dataDir, DEV_MASTER_KEY_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
      // Another start reads the same key.
      const second = keyringFor(testConfig({ DATA_DIR: dataDir, RECORDS_MASTER_KEY: '' }));
      expect(second.current.id).toBe(first.current.id);
      // Never in production.
      expect(() =>
        keyringFor({ ...config, env: 'production', recordsMasterKey: undefined }),
      ).toThrow(/RECORDS_MASTER_KEY is required in production/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
