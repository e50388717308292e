// Appointment reminders, due → sent, on this machine:
//   N appointments (one patient each, in several time zones) whose 2 h reminder is due at the
//   same instant D, a few seconds after seeding. The job `reminders.appointments` is enqueued to
//   start at D exactly as booking does (startAfter + a singleton key per due minute); it creates
//   the `appointment.reminder` notifications (SKIP LOCKED batches), whose delivery jobs render the
//   e-mail with its .ics invitation and send it to a local SMTP server started here.
//   Printed: due → notification created and due → e-mail accepted by the SMTP server (p50, p99,
//   max) and throughput, plus a check that every reminder was sent exactly once.
// Run: npm run bench:reminders -w @carecircle/bench   (or `node reminders.bench.ts` in bench/)
// BENCH_REMINDERS (default 500) sets N; DATABASE_URL runs it on that PostgreSQL (a fresh database
// is created there) instead of embedded PostgreSQL in a temporary directory.
// The server runs in this process (the same runtime a server instance starts: job queue workers
// for every job, realtime hub), so the benchmark can watch the SMTP server and the database.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { createDatabase } from '../apps/server/src/platform/db.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { loadMigrations, migrate } from '../apps/server/src/platform/migrate.ts';
import { startRuntime } from '../apps/server/src/platform/runtime.ts';
import { createOidc } from '../apps/server/src/identity/oidc.ts';
import { REMINDERS_JOB } from '../apps/server/src/scheduling/appointment-reminders.ts';
import { percentile } from './lib.ts';

const N = Number(process.env.BENCH_REMINDERS ?? 500);
const LEAD_MS = 5_000;
const MINUTE = 60_000;
const ZONES = ['America/New_York', 'Europe/Madrid', 'Asia/Tokyo', 'UTC', 'America/Los_Angeles'];

// ---- the local SMTP server: when each recipient's e-mail was accepted
const accepted = new Map<string, number[]>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    stream.resume();
    stream.on('end', () => {
      const at = Date.now();
      for (const r of session.envelope.rcptTo) {
        accepted.set(r.address, [...(accepted.get(r.address) ?? []), at]);
      }
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as AddressInfo).port;

// ---- the database: a fresh one on DATABASE_URL, or embedded PostgreSQL
const cleanup: (() => Promise<void>)[] = [];
let connectionString: string;
if (process.env.DATABASE_URL) {
  const name = `cc_bench_reminders_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  connectionString = url.toString();
  cleanup.push(async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
} else {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-reminders-'));
  await chmod(dataDir, 0o755);
  const quiet = createLogger(loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  const embedded = await startEmbeddedPostgres({ dataDir, logger: quiet });
  connectionString = embedded.connectionString;
  cleanup.push(async () => {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
}

const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: connectionString,
  PUBLIC_URL: 'http://localhost',
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}/?ignoreTLS=true`,
  MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  RECORDS_MASTER_KEY: randomBytes(32).toString('base64'),
  DEMO_DATA: 'false',
  LOG_LEVEL: 'silent',
});
const logger = createLogger(config);
const database = createDatabase(connectionString, logger, 10);
cleanup.unshift(() => database.close());
const migrations = await loadMigrations();
await migrate(database.pool, logger, migrations);
const oidc = await createOidc(config, database.db, logger);
const runtime = await startRuntime({
  config,
  logger,
  database,
  connectionString,
  migrations,
  oidc,
});
cleanup.unshift(() => runtime.stop());

const db = new pg.Client({ connectionString });
await db.connect();
cleanup.unshift(() => db.end());

try {
  // ---- seed: a provider, N patients, N appointments (consecutive half hours from D + 2 h),
  //      each with its 2 h reminder due at D
  const tag = randomUUID().slice(0, 8);
  const seedStart = Date.now();
  const { rows: practice } = await db.query<{ provider_id: string; type_id: string }>(
    `WITH a AS (
       INSERT INTO accounts (email, name, roles, email_verified_at)
       VALUES ($1, 'Dr. Bench Reminder', ARRAY['provider'], now()) RETURNING id),
     p AS (
       INSERT INTO providers (account_id, specialty, languages, modalities, location_name,
                              location_address, time_zone)
       SELECT id, 'Family medicine', ARRAY['en'], ARRAY['in_person'], 'Bench Clinic',
              '1 Bench Street', 'UTC' FROM a RETURNING account_id)
     INSERT INTO appointment_types (provider_id, name, duration_minutes, modality)
     SELECT account_id, 'Consultation', 30, 'in_person' FROM p
     RETURNING provider_id, id AS type_id`,
    [`dr-${tag}@bench.example`],
  );
  const { provider_id: providerId, type_id: typeId } = practice[0]!;
  const { rows: patients } = await db.query<{ id: string; email: string }>(
    `INSERT INTO accounts (email, name, roles, email_verified_at, time_zone, locale)
     SELECT 'bench-' || $1 || '-' || i || '@bench.example', 'Bench Patient ' || i,
            ARRAY['patient'], now(), ($3::text[])[1 + i % cardinality($3::text[])],
            CASE WHEN i % 2 = 0 THEN 'es' ELSE 'en' END
       FROM generate_series(1, $2::int) i
     RETURNING id, email`,
    [tag, N, ZONES],
  );
  const due = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000);
  const firstStart = new Date(due.getTime() + 120 * MINUTE);
  await db.query(
    `WITH p AS (
       SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM unnest($1::uuid[]) AS id),
     a AS (
       INSERT INTO appointments (provider_id, patient_id, appointment_type_id, booked_by, during,
                                 blocked, status)
       SELECT $2, p.id, $3, p.id,
              tstzrange($4::timestamptz + p.k * interval '30 minutes',
                        $4::timestamptz + (p.k + 1) * interval '30 minutes', '[)'),
              tstzrange($4::timestamptz + p.k * interval '30 minutes',
                        $4::timestamptz + (p.k + 1) * interval '30 minutes', '[)'),
              'booked'
         FROM p RETURNING id)
     INSERT INTO appointment_reminders (appointment_id, offset_minutes, due_at)
     SELECT id, 120, $5 FROM a`,
    [patients.map((p) => p.id), providerId, typeId, firstStart, due],
  );
  const seeded = Date.now() - seedStart;
  if (Date.now() >= due.getTime()) throw new Error('seeding took longer than the lead time');
  // As booking does: one run of the job at the due time, keyed by the due minute.
  await runtime.deps.jobs.send(
    REMINDERS_JOB,
    {},
    { startAfter: due, singletonKey: `due:${due.toISOString().slice(0, 16)}` },
  );

  // ---- wait until every e-mail arrived (or give up after 5 minutes)
  const deadline = Date.now() + 5 * MINUTE;
  const emails = new Set(patients.map((p) => p.email));
  const received = () => [...emails].filter((e) => accepted.has(e)).length;
  while (received() < N && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // A moment more: anything sent twice would show up now.
  await new Promise((r) => setTimeout(r, 1_000));

  const { rows: created } = await db.query<{ created_at: Date }>(
    `SELECT created_at FROM notifications WHERE kind = 'appointment.reminder' ORDER BY created_at`,
  );
  const { rows: unsent } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM appointment_reminders WHERE sent_at IS NULL`,
  );
  const toNotification = created.map((r) => r.created_at.getTime() - due.getTime());
  const toEmail = [...emails]
    .flatMap((e) => accepted.get(e) ?? [])
    .map((at) => at - due.getTime())
    .sort((a, b) => a - b);
  const twice = [...emails].filter((e) => (accepted.get(e)?.length ?? 0) > 1).length;
  const stats = (label: string, ms: number[]) => ({
    label,
    count: ms.length,
    'p50 ms': ms.length ? percentile(ms, 50) : null,
    'p99 ms': ms.length ? percentile(ms, 99) : null,
    'max ms': ms.at(-1) ?? null,
    'per second': ms.length ? Math.round((ms.length / Math.max(1, ms.at(-1)!)) * 1000) : null,
  });

  console.log(
    `\nReminders: ${N} appointments, 2 h reminders all due at the same instant ` +
      `(seeded in ${seeded} ms), ${os.cpus().length} cores, Node ${process.version}, ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PostgreSQL'}`,
  );
  console.table([
    stats('due → notification created', toNotification),
    stats('due → e-mail accepted (SMTP)', toEmail),
  ]);
  console.log(
    `exactly once: ${created.length} notifications, ${toEmail.length} e-mails for ${N} ` +
      `reminders, ${twice} recipients with more than one, ${unsent[0]!.n} reminders unsent`,
  );
  console.log('Reproduce: npm run bench:reminders -w @carecircle/bench (BENCH_REMINDERS=N)');
  if (created.length !== N || toEmail.length !== N || twice > 0) process.exitCode = 1;
} finally {
  for (const fn of cleanup) await fn().catch(() => undefined);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
