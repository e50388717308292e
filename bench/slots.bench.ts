// Slot search on this machine, in one run:
//   (a) the pure slot computation (`computeSlots`) for one provider over 31 days, in-process;
//   (b) HTTP latency of GET /slots (31 days) and of "first available" (and the provider list
//       with nextAvailable) with 500 providers and their appointments in the database.
// Run: npm run bench:slots -w @carecircle/bench  (or `node slots.bench.ts` in bench/)
// Starts its own server on embedded PostgreSQL in a temporary DATA_DIR, like http.bench.ts, and
// seeds it directly with SQL (500 providers in 5 time zones, 2 types each, ~3 appointments per
// working day for the next 31 days).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { computeSlots, type SlotQuery } from '@carecircle/core';
import { attachDatabase, measure, percentile, seconds, startServer } from './lib.ts';

/** Concurrent connections per target: 1 shows the latency of one request alone. */
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 500);
const RUNS = 200;
const DAY = 86_400_000;
const MINUTE = 60_000;

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
// (b) HTTP against a real server

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

const server = await startServer({
  tempPrefix: 'cc-bench-slots-',
  demoData: false,
  startTimeoutMs: 300_000,
  stderr: 'inherit',
});
try {
  const pgServer = await attachDatabase(server.dataDir);
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

  const base = server.base;
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
