// Slot search on this machine, in one run:
//   (a) the pure slot computation (`computeSlots`) for one provider over 31 days, in-process;
//   (b) HTTP latency of GET /slots (31 days) and of "first available" (and the provider list
//       with nextAvailable) with 500 providers and their appointments in the database.
// Run: npm run bench:slots -w @carecircle/bench  (or `node slots.bench.ts` in bench/)
// Starts its own server on embedded PostgreSQL in a temporary DATA_DIR, like http.bench.ts, and
// seeds it directly with SQL (500 providers in 5 time zones, 2 types each, ~3 appointments per
// working day for the next 31 days).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { computeSlots, type SlotQuery } from '@carecircle/core';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';

const root = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
/** Concurrent connections per target: 1 shows the latency of one request alone. */
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 500);
const RUNS = 200;
const DAY = 86_400_000;
const MINUTE = 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------------------------------------
// (a) In-process computation

/** A busy provider in New York: two windows a day, 3 appointments a working day, a day off. */
function realisticQuery(now: Date): SlotQuery {
  const from = new Date(now.getTime() + DAY);
  const to = new Date(from.getTime() + 31 * DAY);
  const busy: SlotQuery['busy'] = [];
  for (let d = 0; d < 31; d++) {
    const day = new Date(from.getTime() + d * DAY);
    const date = day.toISOString().slice(0, 10);
    for (const hhmm of ['09:00', '10:20', '14:00']) {
      const start = new Date(`${date}T${hhmm}:00-05:00`);
      busy.push({ start, end: new Date(start.getTime() + 40 * MINUTE) });
    }
  }
  const offDay = new Date(from.getTime() + 10 * DAY);
  return {
    timeZone: 'America/New_York',
    weeklyHours: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((weekday) => [
      { weekday, start: '09:00', end: '12:00' },
      { weekday, start: '13:00', end: '17:00' },
    ]),
    overrides: [
      { date: new Date(from.getTime() + 3 * DAY).toISOString().slice(0, 10), intervals: [] },
      {
        date: new Date(from.getTime() + 5 * DAY).toISOString().slice(0, 10),
        intervals: [{ start: '08:00', end: '11:00' }],
      },
    ],
    timeOff: [{ start: offDay, end: new Date(offDay.getTime() + DAY) }],
    busy,
    rules: {
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      minimumNoticeMinutes: 60,
      bookingHorizonDays: 90,
      stepMinutes: 15,
    },
    from,
    to,
    now,
  };
}

function benchComputeSlots() {
  const q = realisticQuery(new Date());
  let count = 0;
  for (let i = 0; i < 50; i++) count = computeSlots(q).length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    computeSlots(q);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    slots: count,
    busy: q.busy.length,
    median: percentile(times, 50),
    p99: percentile(times, 99),
  };
}

// ---------------------------------------------------------------------------------------------
// (b) HTTP against a real server (copied from http.bench.ts's set-up)

async function startServer() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-slots-'));
  await chmod(dataDir, 0o755);
  const child = spawn(process.execPath, [path.join(root, 'apps/server/src/main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      // 'info' for the ready line (which carries the port); later lines are read and dropped.
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://localhost',
      // Required in production; the benchmark sends no mail.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let ready = false;
  child.stdout.on('data', (c: Buffer) => {
    if (!ready) out += c.toString();
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const line = out.split('\n').find((l) => l.includes('CareCircle is ready'));
      if (line) {
        clearInterval(poll);
        ready = true;
        resolve((JSON.parse(line) as { port: number }).port);
      } else if (child.exitCode !== null || Date.now() - started > 300_000) {
        clearInterval(poll);
        reject(new Error(child.exitCode !== null ? 'server exited' : 'server did not start'));
      }
    }, 100);
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return {
    port,
    dataDir,
    stop,
  };
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
];
const SPECIALTIES = ['Cardiology', 'Dermatology', 'Family medicine', 'Orthopaedics', 'Neurology'];

/** 500 providers (and one patient each) with hours, 2 types and booked appointments, in SQL. */
async function seed(connectionString: string): Promise<{ providerId: string; typeId: string }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_p ON COMMIT DROP AS
         SELECT i, gen_random_uuid() AS provider_id, gen_random_uuid() AS patient_id,
                ($2::text[])[1 + i % 5] AS zone, ($3::text[])[1 + (i / 5) % 5] AS specialty
         FROM generate_series(0, $1 - 1) AS i`,
      [PROVIDERS, ZONES, SPECIALTIES],
    );
    await client.query(
      `INSERT INTO accounts (id, email, name, roles, status, email_verified_at)
       SELECT provider_id, 'bench-provider-' || i || '@example.org', 'Dr. Bench ' || lpad(i::text, 3, '0'),
              ARRAY['provider'], 'active', now() FROM bench_p
       UNION ALL
       SELECT patient_id, 'bench-patient-' || i || '@example.org', 'Bench Patient ' || i,
              ARRAY['patient'], 'active', now() FROM bench_p`,
    );
    await client.query(
      `INSERT INTO providers (account_id, specialty, languages, modalities, location_name,
                              location_address, time_zone, bio)
       SELECT provider_id, specialty, ARRAY['en'], ARRAY['in_person', 'video'], 'Bench Clinic',
              i || ' Bench Street', zone, '' FROM bench_p`,
    );
    await client.query(
      `INSERT INTO provider_weekly_hours (provider_id, weekday, start_time, end_time)
       SELECT provider_id, d, w.s, w.e FROM bench_p, generate_series(1, 5) AS d,
              (VALUES ('09:00'::time, '12:00'::time), ('13:00', '17:00')) AS w(s, e)`,
    );
    await client.query(
      `INSERT INTO appointment_types (provider_id, name, duration_minutes, buffer_after_minutes,
                                      modality, minimum_notice_minutes, booking_horizon_days)
       SELECT provider_id, 'Follow-up', 30, 10, 'in_person', 60, 90 FROM bench_p
       UNION ALL
       SELECT provider_id, 'Video check-in', 20, 0, 'video', 24 * 60, 60 FROM bench_p`,
    );
    // ~3 appointments per working day for the next 31 days: 09:00, 10:20 and 14:00 local.
    await client.query(
      `INSERT INTO appointments (provider_id, patient_id, appointment_type_id, booked_by, during,
                                 blocked, status)
       SELECT p.provider_id, p.patient_id, t.id, p.patient_id,
              tstzrange(s, s + interval '30 minutes'), tstzrange(s, s + interval '40 minutes'),
              'booked'
       FROM bench_p p
       JOIN appointment_types t ON t.provider_id = p.provider_id AND t.name = 'Follow-up'
       CROSS JOIN generate_series(0, 31) AS d
       CROSS JOIN (VALUES ('09:00'::time), ('10:20'), ('14:00')) AS h(at)
       CROSS JOIN LATERAL (
         SELECT ((((now() AT TIME ZONE p.zone)::date + d) + h.at) AT TIME ZONE p.zone) AS s
       ) x
       WHERE extract(isodow FROM (now() AT TIME ZONE p.zone)::date + d) BETWEEN 1 AND 5
         AND x.s > now()`,
    );
    const { rows } = await client.query<{ provider_id: string; type_id: string }>(
      `SELECT p.provider_id, t.id AS type_id FROM bench_p p
       JOIN appointment_types t ON t.provider_id = p.provider_id AND t.name = 'Follow-up'
       WHERE p.i = 0`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { providerId: rows[0]!.provider_id, typeId: rows[0]!.type_id };
  } finally {
    await client.end();
  }
}

async function measure(url: string, connections: number) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const computed = benchComputeSlots();
console.log(
  `CareCircle slots benchmark: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `(a) computeSlots, one provider × 31 days (${computed.busy} appointments, 15-minute step, ${computed.slots} slots), ${RUNS} runs: median ${computed.median.toFixed(3)} ms, p99 ${computed.p99.toFixed(3)} ms`,
);

const server = await startServer();
try {
  const config = loadConfig({ DATA_DIR: server.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const pgServer = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    logger: createLogger(config),
    attachIfRunning: true,
  });
  const seedStarted = performance.now();
  const { providerId, typeId } = await seed(pgServer.connectionString);
  const counts = await (async () => {
    const c = new pg.Client({ connectionString: pgServer.connectionString });
    await c.connect();
    const { rows } = await c.query<{ providers: number; appointments: number }>(
      `SELECT (SELECT count(*)::int FROM providers) AS providers,
              (SELECT count(*)::int FROM appointments) AS appointments`,
    );
    await c.end();
    return rows[0]!;
  })();
  await pgServer.stop();
  console.log(
    `Seeded ${counts.providers} providers and ${counts.appointments} appointments in ${Math.round(performance.now() - seedStarted)} ms.`,
  );

  const base = `http://127.0.0.1:${server.port}`;
  const from = new Date(Math.ceil(Date.now() / DAY) * DAY);
  const to = new Date(from.getTime() + 31 * DAY);
  const targets = {
    'GET /providers/:id/slots (31 days)': `${base}/api/v1/providers/${providerId}/slots?appointmentTypeId=${typeId}&from=${from.toISOString()}&to=${to.toISOString()}`,
    [`GET /first-available (${counts.providers} providers, limit 10)`]: `${base}/api/v1/first-available`,
    'GET /first-available?specialty=Neurology&modality=video': `${base}/api/v1/first-available?specialty=Neurology&modality=video`,
    'GET /providers (first 100, with nextAvailable)': `${base}/api/v1/providers`,
  };
  console.log(`(b) HTTP: ${seconds} s per target and number of connections`);
  const rows: Record<string, Record<string, number>> = {};
  for (const [name, url] of Object.entries(targets)) {
    const sample = await fetch(url);
    if (!sample.ok) throw new Error(`${name}: ${sample.status} ${await sample.text()}`);
    rows[name] = {};
    for (const c of connectionCounts) {
      const m = await measure(url, c);
      rows[name][`rps@${c}`] = m.rps;
      rows[name][`p50@${c}`] = m.p50;
      rows[name][`p99@${c}`] = m.p99;
    }
  }
  console.table(rows);
  console.log(
    'rps@n = requests per second (mean) with n connections; p50@n/p99@n = latency in ms.',
  );
} finally {
  await server.stop();
}
