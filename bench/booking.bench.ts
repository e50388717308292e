// Booking on this machine, in one run, over HTTP against a real server:
//   (a) throughput: one patient booking distinct slots one after another, and distinct patients
//       booking distinct slots concurrently (bookings per second, latency p50/p99);
//   (b) a race: 500 clients (500 patients) POST the same slot at once. Exactly one must get 201,
//       the others 409 slot-unavailable, and the database must hold exactly one appointment.
// Run: npm run bench:booking -w @carecircle/bench  (or `node booking.bench.ts` in bench/)
// Starts its own server on embedded PostgreSQL in a temporary DATA_DIR like http.bench.ts,
// seeds providers and patients with SQL and mints access tokens with the server's own signing
// key (what the sign-in flow would hand out), so that only booking is measured.
import { createPrivateKey, randomUUID, sign, type JsonWebKey } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { attachDatabase, percentile, PUBLIC_URL, startServer } from './lib.ts';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const RACERS = Number(process.env.BENCH_RACERS ?? 500);
const DAY = 86_400_000;
const MINUTE = 60_000;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An access token exactly like the authorization server's (ES256, at+jwt, its key). */
function tokenMinter(jwk: JsonWebKey & { kid?: string }) {
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid }));
  return (accountId: string) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(
      JSON.stringify({
        iss: `${PUBLIC_URL}/oidc`,
        aud: `${PUBLIC_URL}/api`,
        sub: accountId,
        client_id: 'carecircle-web',
        scope: 'openid offline_access email profile api',
        iat: now,
        exp: now + 3600,
        jti: randomUUID(),
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
      key,
      dsaEncoding: 'ieee-p1363',
    });
    return `${header}.${payload}.${b64url(signature)}`;
  };
}

interface Practice {
  providerId: string;
  typeId: string;
}

/** A provider in UTC open 07:00–19:00 every day, with a 15-minute type (5 minutes after). */
async function seedPractice(db: pg.Client, name: string): Promise<Practice> {
  const { rows } = await db.query<{ provider_id: string; type_id: string }>(
    `WITH a AS (
       INSERT INTO accounts (email, name, roles, email_verified_at)
       VALUES ($1, $2, ARRAY['provider'], now()) RETURNING id),
     p AS (
       INSERT INTO providers (account_id, specialty, languages, modalities, location_name,
                              location_address, time_zone)
       SELECT id, 'Family medicine', ARRAY['en'], ARRAY['in_person'], 'Bench Clinic',
              '1 Bench Street', 'UTC' FROM a RETURNING account_id),
     h AS (
       INSERT INTO provider_weekly_hours (provider_id, weekday, start_time, end_time)
       SELECT account_id, d, '07:00', '19:00' FROM p, generate_series(1, 7) d)
     INSERT INTO appointment_types (provider_id, name, duration_minutes, buffer_after_minutes,
                                    modality, minimum_notice_minutes, booking_horizon_days)
     SELECT account_id, 'Consultation', 15, 5, 'in_person', 60, 365 FROM p
     RETURNING provider_id, id AS type_id`,
    [`${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID()}@bench.example`, name],
  );
  return { providerId: rows[0]!.provider_id, typeId: rows[0]!.type_id };
}

async function seedPatients(db: pg.Client, n: number): Promise<string[]> {
  const tag = randomUUID().slice(0, 8);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO accounts (email, name, roles, email_verified_at)
     SELECT 'bench-' || $1 || '-' || i || '@bench.example', 'Bench Patient ' || i,
            ARRAY['patient'], now()
       FROM generate_series(1, $2::int) i
     RETURNING id`,
    [tag, n],
  );
  return rows.map((r) => r.id);
}

/**
 * The k-th of distinct bookable slot starts from 2 days ahead: every other start of the 15-minute
 * grid (a booking's 5-minute buffer after takes the start right after it).
 */
function slotStarts(count: number): string[] {
  const today = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate(),
  );
  const perDay = (12 * 60) / 30; // 07:00–19:00
  return Array.from({ length: count }, (_, k) => {
    const day = today + (2 + Math.floor(k / perDay)) * DAY;
    return new Date(day + 7 * 60 * MINUTE + (k % perDay) * 30 * MINUTE).toISOString();
  });
}

interface Outcome {
  status: number;
  ms: number;
  type?: string;
}

async function book(
  base: string,
  token: string,
  practice: Practice,
  start: string,
): Promise<Outcome> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/appointments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      providerId: practice.providerId,
      appointmentTypeId: practice.typeId,
      start,
    }),
  });
  const body = (await res.json()) as { type?: string };
  return { status: res.status, ms: performance.now() - t0, type: body.type };
}

function summary(label: string, outcomes: Outcome[], wallMs: number) {
  const ok = outcomes.filter((o) => o.status === 201).length;
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    label,
    requests: outcomes.length,
    '201': ok,
    '409': outcomes.filter((o) => o.status === 409).length,
    other: outcomes.filter((o) => o.status !== 201 && o.status !== 409).length,
    'bookings/s': Math.round((ok / wallMs) * 1000),
    'p50 ms': Math.round(percentile(times, 50) * 10) / 10,
    'p99 ms': Math.round(percentile(times, 99) * 10) / 10,
    'wall ms': Math.round(wallMs),
  };
}

const server = await startServer({
  tempPrefix: 'cc-bench-book-',
  demoData: false,
  startTimeoutMs: 120_000,
  stderr: 'ignore',
});
try {
  const pgServer = await attachDatabase(server.dataDir);
  const db = new pg.Client({ connectionString: pgServer.connectionString });
  await db.connect();
  const base = server.base;
  try {
    const key = await db.query<{ private_jwk: JsonWebKey & { kid?: string } }>(
      `SELECT private_jwk FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    );
    const mint = tokenMinter(key.rows[0]!.private_jwk);
    const sequentialPractice = await seedPractice(db, 'Dr. Sequential');
    const concurrentPractice = await seedPractice(db, 'Dr. Concurrent');
    const racePractice = await seedPractice(db, 'Dr. Race');
    const patients = (await seedPatients(db, Math.max(CONCURRENT, RACERS) + 1)).map((id) => ({
      id,
      token: mint(id),
    }));

    // Warm-up: one booking (JIT, pool, prepared paths).
    await book(base, patients.at(-1)!.token, sequentialPractice, slotStarts(1)[0]!);

    // (a1) One patient, distinct slots, one after another.
    const sequentialSlots = slotStarts(SEQUENTIAL + 1).slice(1);
    const seqOutcomes: Outcome[] = [];
    let t0 = performance.now();
    for (const start of sequentialSlots) {
      seqOutcomes.push(await book(base, patients[0]!.token, sequentialPractice, start));
    }
    const seqWall = performance.now() - t0;

    // (a2) Distinct patients, distinct slots, CONCURRENCY requests in flight.
    const concurrentSlots = slotStarts(CONCURRENT);
    const conOutcomes: Outcome[] = new Array<Outcome>(CONCURRENT);
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < CONCURRENT; i = next++) {
          conOutcomes[i] = await book(
            base,
            patients[i]!.token,
            concurrentPractice,
            concurrentSlots[i]!,
          );
        }
      }),
    );
    const conWall = performance.now() - t0;

    // (b) RACERS patients, one slot, all at once.
    const raceSlot = slotStarts(1)[0]!;
    t0 = performance.now();
    const raceOutcomes = await Promise.all(
      patients.slice(0, RACERS).map((p) => book(base, p.token, racePractice, raceSlot)),
    );
    const raceWall = performance.now() - t0;
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE provider_id = $1`,
      [racePractice.providerId],
    );
    const conflicts = raceOutcomes.filter((o) => o.status === 409);
    const allSlotUnavailable = conflicts.every((o) => o.type?.endsWith('/slot-unavailable'));

    console.log(
      `CareCircle booking benchmark: Node ${process.version}, ${os.cpus().length} cores, server pool of 10 connections`,
    );
    console.table([
      summary(`sequential, 1 patient, ${SEQUENTIAL} distinct slots`, seqOutcomes, seqWall),
      summary(
        `concurrent, ${CONCURRENT} patients, distinct slots, ${CONCURRENCY} in flight`,
        conOutcomes,
        conWall,
      ),
      summary(`race, ${RACERS} clients, one slot`, raceOutcomes, raceWall),
    ]);
    const successes = raceOutcomes.filter((o) => o.status === 201).length;
    console.log(
      `Race for one slot: ${successes} success(es) (must be exactly 1), ${conflicts.length} × 409 ` +
        `(${allSlotUnavailable ? 'all' : 'NOT all'} slot-unavailable), ${rows[0]!.n} appointment(s) in the database.`,
    );
    if (successes !== 1 || rows[0]!.n !== 1 || !allSlotUnavailable) process.exitCode = 1;
  } finally {
    await db.end();
    await pgServer.stop();
  }
} finally {
  await server.stop();
}
