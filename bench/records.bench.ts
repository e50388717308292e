// Health records on this machine, in one run:
//   (a) FHIR R4 read and search latency (p50/p99) and throughput over HTTP, with
//       BENCH_PATIENTS patients × BENCH_RESOURCES_PER_PATIENT encrypted resources each;
//   (b) the cost of encryption per read: the same row read and parsed with and without
//       AES-256-GCM decryption, side by side (ratio), in-process against the same database.
// Run: npm run bench:records -w @carecircle/bench   (or `node records.bench.ts` in bench/)
// Full scale of issue 5 (1,000 patients × 10,000 resources = 10 M rows, ~25 GB of disk, about an
// hour to seed on 2 cores): BENCH_PATIENTS=1000 BENCH_RESOURCES_PER_PATIENT=10000.
// The default (100 × 10,000 = 1 M rows) keeps each patient's record at full size.
// Starts its own server on embedded PostgreSQL in a temporary DATA_DIR and seeds it with SQL,
// encrypting every payload with the server's master key exactly as the record store does
// (history rows are not seeded: reads and searches never touch them).
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { importJWK, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import type { Resource } from '@medplum/fhirtypes';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { keyringFor, open, seal } from '../apps/server/src/records/record-keys.ts';
import { sealResource } from '../apps/server/src/records/record-store.ts';
import { searchFieldsOf } from '../apps/server/src/records/search-fields.ts';
import { attachDatabase, measure, percentile, PUBLIC_URL, seconds, startServer } from './lib.ts';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 100);
const PER_PATIENT = Number(process.env.BENCH_RESOURCES_PER_PATIENT ?? 10_000);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
const BATCH = 1000;
const DAY = 86_400_000;

const LOINC = [
  ['4548-4', 'Hemoglobin A1c', '%', 4, 9],
  ['2339-0', 'Glucose', 'mg/dL', 70, 180],
  ['8480-6', 'Systolic blood pressure', 'mm[Hg]', 100, 160],
  ['8462-4', 'Diastolic blood pressure', 'mm[Hg]', 60, 100],
  ['29463-7', 'Body weight', 'kg', 50, 110],
  ['8867-4', 'Heart rate', '/min', 50, 110],
  ['18262-6', 'LDL cholesterol', 'mg/dL', 60, 190],
  ['2160-0', 'Creatinine', 'mg/dL', 0.5, 1.6],
] as const;

/** One of a patient's resources: 90 % Observations over ten years, the rest conditions and medications. */
function resourceFor(patientId: string, i: number, now: number): Resource {
  const subject = { reference: `Patient/${patientId}` };
  const when = new Date(now - (i % 3650) * DAY - (i % 24) * 3_600_000).toISOString();
  if (i % 10 === 9) {
    return {
      resourceType: 'MedicationStatement',
      status: i % 20 === 9 ? 'active' : 'completed',
      medicationCodeableConcept: { text: `Medication ${i % 37}` },
      subject,
      effectiveDateTime: when,
      dosage: [{ text: '1 tablet twice a day' }],
    };
  }
  if (i % 10 === 8) {
    return {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
            code: i % 3 ? 'active' : 'resolved',
          },
        ],
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: String(44054006 + (i % 50)) }] },
      subject,
      onsetDateTime: when,
    };
  }
  const [code, display, unit, low, high] = LOINC[i % LOINC.length]!;
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: i % 2 ? 'laboratory' : 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code, display }] },
    subject,
    effectiveDateTime: when,
    valueQuantity: {
      value: Math.round((low + (((i * 7919) % 1000) / 1000) * (high - low)) * 10) / 10,
      unit,
      system: 'http://unitsofmeasure.org',
      code: unit,
    },
    referenceRange: [{ low: { value: low }, high: { value: high } }],
  };
}

interface Seeded {
  patientIds: string[];
  /** One Observation id of the first patient, for reads. */
  observationId: string;
}

async function seed(client: pg.Client, masterKey: string, dataDir: string): Promise<Seeded> {
  const config = loadConfig({
    NODE_ENV: 'production',
    RECORDS_MASTER_KEY: masterKey,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://localhost',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  const keyring = keyringFor(config);
  const now = Date.now();
  const patientIds: string[] = [];
  let observationId = '';
  const started = performance.now();
  for (let p = 0; p < PATIENTS; p++) {
    const patientId = randomUUID();
    patientIds.push(patientId);
    await client.query(
      `INSERT INTO accounts (id, email, name, roles, status, email_verified_at)
       VALUES ($1, $2, $3, '{patient}', 'active', now())`,
      [patientId, `bench-patient-${p}-${patientId.slice(0, 8)}@example.org`, `Bench Patient ${p}`],
    );
    const raw = randomBytes(32);
    await client.query(
      `INSERT INTO record_keys (patient_id, master_key_id, wrapped_key) VALUES ($1, $2, $3)`,
      [patientId, keyring.current.id, seal(keyring.current.key, raw, `record-key:${patientId}`)],
    );
    const key = { patientId, key: createSecretKey(raw), macKey: Buffer.alloc(32) };
    for (let start = 0; start < PER_PATIENT; start += BATCH) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = start; i < Math.min(PER_PATIENT, start + BATCH); i++) {
        const id = randomUUID();
        const at = new Date(now - (PER_PATIENT - i) * 1000);
        const resource = {
          ...resourceFor(patientId, i, now),
          id,
          meta: { versionId: '1', lastUpdated: at.toISOString() },
        } as Resource;
        if (p === 0 && !observationId && resource.resourceType === 'Observation')
          observationId = id;
        const f = searchFieldsOf(
          resource.resourceType as never,
          resource as unknown as Record<string, unknown>,
        );
        const n = values.length;
        rows.push(
          `($${n + 1}, $${n + 2}, $${n + 3}, 1, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}, 'provider', $${n + 9})`,
        );
        values.push(
          id,
          resource.resourceType,
          patientId,
          at,
          f.codes,
          f.categories,
          f.status,
          f.effectiveAt,
          sealResource(key, resource, id, 1),
        );
      }
      await client.query(
        `INSERT INTO fhir_resources (id, resource_type, patient_id, version_id, last_updated, codes,
           categories, status, effective_at, source_kind, payload) VALUES ${rows.join(',')}`,
        values,
      );
    }
    if ((p + 1) % Math.max(1, Math.floor(PATIENTS / 10)) === 0) {
      const done = (p + 1) * PER_PATIENT;
      const secs = (performance.now() - started) / 1000;
      console.log(`  seeded ${done.toLocaleString('en')} resources (${Math.round(done / secs)}/s)`);
    }
  }
  await client.query('ANALYZE fhir_resources');
  return { patientIds, observationId };
}

/** An access token like the server's own (its current signing key), for the first-party app. */
async function tokenFor(client: pg.Client, accountId: string): Promise<string> {
  const { rows } = await client.query<{ private_jwk: JWK }>(
    `SELECT private_jwk FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
  );
  const jwk = rows[0]!.private_jwk;
  return new SignJWT({ client_id: 'carecircle-web', scope: 'openid api' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid! })
    .setIssuer(`${PUBLIC_URL}/oidc`)
    .setAudience(`${PUBLIC_URL}/api`)
    .setSubject(accountId)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime('2h')
    .sign(await importJWK(jwk, 'ES256'));
}

/** (b) Read + parse of the same rows with and without decryption, alternating, same connection. */
async function encryptionCost(
  client: pg.Client,
  masterKey: string,
  dataDir: string,
  patientId: string,
) {
  const keyring = keyringFor(
    loadConfig({ NODE_ENV: 'test', RECORDS_MASTER_KEY: masterKey, DATA_DIR: dataDir }),
  );
  const { rows: keyRows } = await client.query<{ wrapped_key: Buffer }>(
    'SELECT wrapped_key FROM record_keys WHERE patient_id = $1',
    [patientId],
  );
  const dataKey = open(keyring.current.key, keyRows[0]!.wrapped_key, `record-key:${patientId}`);
  const { rows: sample } = await client.query<{ id: string; payload: Buffer }>(
    'SELECT id, payload FROM fhir_resources WHERE patient_id = $1 LIMIT 200',
    [patientId],
  );
  // A plain copy of the same resources, to read the same way without decryption.
  await client.query('CREATE TEMP TABLE plain_copy (id uuid PRIMARY KEY, payload bytea)');
  for (const r of sample) {
    const plain = open(dataKey, r.payload, `fhir:${r.id}:1:${patientId}`);
    await client.query('INSERT INTO plain_copy VALUES ($1, $2)', [r.id, plain]);
  }
  const ids = sample.map((r) => r.id);
  const encrypted: number[] = [];
  const plain: number[] = [];
  const cryptoOnly: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const id of ids) {
      let t0 = performance.now();
      const e = await client.query<{ payload: Buffer }>(
        'SELECT payload FROM fhir_resources WHERE id = $1',
        [id],
      );
      const t1 = performance.now();
      JSON.parse(open(dataKey, e.rows[0]!.payload, `fhir:${id}:1:${patientId}`).toString('utf8'));
      const t2 = performance.now();
      encrypted.push(t2 - t0);
      cryptoOnly.push(t2 - t1);
      t0 = performance.now();
      const p = await client.query<{ payload: Buffer }>(
        'SELECT payload FROM plain_copy WHERE id = $1',
        [id],
      );
      JSON.parse(p.rows[0]!.payload.toString('utf8'));
      plain.push(performance.now() - t0);
    }
  }
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  return {
    encryptedMs: median(encrypted),
    plainMs: median(plain),
    decryptParseUs: median(cryptoOnly) * 1000,
    bytes: Math.round(sample.reduce((n, r) => n + r.payload.length, 0) / sample.length),
  };
}

async function main() {
  const masterKey = randomBytes(32).toString('base64');
  console.log(
    `Records benchmark: ${PATIENTS} patients × ${PER_PATIENT.toLocaleString('en')} resources, ` +
      `${os.cpus().length} cores, Node ${process.version}, ${seconds} s per target`,
  );
  const server = await startServer({
    tempPrefix: 'cc-bench-records-',
    demoData: false,
    startTimeoutMs: 120_000,
    stderr: 'inherit',
    env: { RECORDS_MASTER_KEY: masterKey },
  });
  const pgServer = await attachDatabase(server.dataDir);
  const client = new pg.Client({ connectionString: pgServer.connectionString });
  await client.connect();
  try {
    const { patientIds, observationId } = await seed(client, masterKey, server.dataDir);
    const patient = patientIds[0]!;
    const token = await tokenFor(client, patient);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/fhir+json' };
    const fhir = `${server.base}/fhir/R4`;
    const targets: [string, string][] = [
      ['read Observation/{id}', `${fhir}/Observation/${observationId}`],
      [
        'search code (HbA1c), _count=20',
        `${fhir}/Observation?patient=${patient}&code=${encodeURIComponent('http://loinc.org|4548-4')}&_count=20`,
      ],
      [
        'search date ge (1 year), _count=50',
        `${fhir}/Observation?patient=${patient}&date=ge${new Date(Date.now() - 365 * DAY).toISOString().slice(0, 10)}&_count=50`,
      ],
      [
        'search category laboratory, _sort=-date, _count=20',
        `${fhir}/Observation?patient=${patient}&category=laboratory&_sort=-date&_count=20`,
      ],
    ];
    console.log('\n(a) FHIR over HTTP (p50 / p99 ms, requests/s)');
    for (const [name, url] of targets) {
      for (const connections of connectionCounts) {
        const r = await measure(url, connections, headers);
        console.log(
          `  ${name.padEnd(52)} ${String(connections).padStart(3)} conn  p50 ${String(r.p50).padStart(4)}  p99 ${String(r.p99).padStart(4)}  ${String(r.rps).padStart(5)}/s`,
        );
      }
    }
    const cost = await encryptionCost(client, masterKey, server.dataDir, patient);
    console.log('\n(b) Encryption cost per read (same rows, same connection, median)');
    console.log(`  read + decrypt + parse  ${cost.encryptedMs.toFixed(3)} ms`);
    console.log(`  read + parse (plain)    ${cost.plainMs.toFixed(3)} ms`);
    console.log(
      `  ratio ${(cost.encryptedMs / cost.plainMs).toFixed(2)}×; AES-256-GCM open + JSON.parse alone ${cost.decryptParseUs.toFixed(1)} µs per ${cost.bytes}-byte payload`,
    );
  } finally {
    await client.end();
    await pgServer.stop();
    await server.stop();
  }
}

await main();
