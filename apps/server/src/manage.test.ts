import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, startTestApp, testConfig } from '../test/helpers.ts';
import { createDatabase } from './platform/db.ts';
import { keyringFor } from './records/record-keys.ts';
import { createResource, readResource } from './records/record-store.ts';
import { signIn } from '../test/oauth.ts';
import { buildPatient, uniqueEmail } from '../test/factories.ts';
import { startEmbeddedPostgres } from './platform/embedded-postgres.ts';
import { createLogger } from './platform/logger.ts';
import { defineJob, startJobQueue } from './platform/jobs.ts';
import { deadJobs } from './platform/jobs-admin.ts';

/** `npm run manage -- …` as a separate process, the way an operator runs it. */
const MANAGE = path.resolve(import.meta.dirname, 'manage.ts');
const PASSWORD = 'a long operator password';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function manage(args: string[], env: Record<string, string>, stdin = ''): Promise<Result> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'LOG_LEVEL'].includes(k),
    ),
  );
  const child = spawn(process.execPath, [MANAGE, ...args], {
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** One plain line, no JSON log lines and no stack trace. */
function onlyLine(text: string): string {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/^\{|\n\s+at /);
  return lines[0]!;
}

describe('manage on DATABASE_URL', () => {
  let url: string;
  let pool: pg.Pool;
  beforeAll(async () => {
    url = await createTestDatabase();
    pool = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });
  const run = (args: string[], stdin?: string) => manage(args, { DATABASE_URL: url }, stdin);

  it('jobs:failed lists a job that used up its retries, jobs:retry queues it again', async () => {
    const jobs = await startJobQueue({
      connectionString: url,
      logger: createLogger({ logLevel: 'silent' }),
      max: 1,
      pollingIntervalSeconds: 0.5,
    });
    try {
      const broken = defineJob({
        name: 'test.broken',
        queue: { retryLimit: 0 },
        handler: () => Promise.reject(new Error('the mail server is down')),
      });
      await jobs.work({} as never, [broken]);
      await jobs.send('test.broken', {});
      const deadline = Date.now() + 15_000;
      while ((await deadJobs(jobs.boss, 'test.broken')).length === 0) {
        if (Date.now() > deadline) throw new Error('the job never failed for good');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await jobs.stop(1_000); // no worker: a job queued again stays queued
    }

    const failed = await run(['jobs:failed']);
    expect(failed.code).toBe(0);
    expect(onlyLine(failed.stdout)).toMatch(new RegExp(`^\\S+Z test\\.broken ${UUID.source}$`));
    const status = await run(['jobs:status']);
    expect(status.stdout).toMatch(/^test\.broken: \d+ queued, \d+ running, 1 failed$/m);

    const retried = await run(['jobs:retry', '--queue', 'test.broken']);
    expect(onlyLine(retried.stdout)).toBe('1 failed job of test.broken queued again');
    expect(onlyLine((await run(['jobs:failed', '--queue', 'test.broken'])).stdout)).toBe(
      'no failed jobs',
    );
    const missing = await run(['jobs:retry']);
    expect(missing.code).toBe(1);
    expect(onlyLine(missing.stderr)).toBe('manage jobs:retry: missing --queue');
  }, 90_000);

  it('create-user makes a verified, active admin and audits it', async () => {
    const email = uniqueEmail('admin');
    const res = await run([
      'create-user',
      '--email',
      email,
      '--password',
      PASSWORD,
      '--name',
      'First Admin',
      '--role',
      'admin',
      '--role',
      'provider',
    ]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const id = UUID.exec(onlyLine(res.stdout))?.[0];
    expect(id).toBeDefined();

    const { rows } = await pool.query<{
      email: string;
      roles: string[];
      status: string;
      email_verified_at: Date | null;
      password_hash: string;
    }>(
      'SELECT email, roles, status, email_verified_at, password_hash FROM accounts WHERE id = $1',
      [id],
    );
    expect(rows[0]).toMatchObject({ email, roles: ['admin', 'provider'], status: 'active' });
    expect(rows[0]!.email_verified_at).toBeInstanceOf(Date);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);

    const audit = await pool.query(
      `SELECT action, outcome, actor_id, subject_type, subject_id, details
         FROM audit_events WHERE subject_id = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'account.create',
        outcome: 'success',
        actor_id: null,
        subject_type: 'account',
        subject_id: id,
        details: { via: 'manage' },
      },
    ]);
  });

  it('create-user refuses a taken e-mail address with one line and exit 1', async () => {
    const email = uniqueEmail('twice');
    const args = ['--password', PASSWORD, '--name', 'Pat', '--role', 'patient'];
    expect((await run(['create-user', '--email', email, ...args])).code).toBe(0);
    const again = await run(['create-user', '--email', email.toUpperCase(), ...args]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(onlyLine(again.stderr)).toBe(
      'manage create-user: An account with this e-mail address already exists.',
    );
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM accounts WHERE lower(email) = $1',
      [email],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it.each([
    [['--password', 'too short', '--name', 'N', '--role', 'patient'], /password: Use at least 12/],
    [['--password', PASSWORD, '--name', 'N', '--role', 'wizard'], /"wizard" is not a role; use/],
    [['--password', PASSWORD], /missing --name, --role$/],
    [['--password', PASSWORD, '--name', 'N', '--role', 'patient', '--admin'], /Unknown option/],
  ])('create-user explains bad input in one line: %j', async (args, message) => {
    const email = uniqueEmail('bad');
    const res = await run(['create-user', '--email', email, ...args]);
    expect(res.code).toBe(1);
    expect(onlyLine(res.stderr)).toMatch(message);
    const { rows } = await pool.query('SELECT 1 FROM accounts WHERE email = $1', [email]);
    expect(rows).toEqual([]);
  });

  it('create-user --password - reads the password from standard input', async () => {
    const email = uniqueEmail('stdin');
    const res = await run(
      ['create-user', '--email', email, '--password', '-', '--name', 'S', '--role', 'volunteer'],
      `${PASSWORD}\n`,
    );
    expect(res.code).toBe(0);
    const { rows } = await pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM accounts WHERE email = $1',
      [email],
    );
    const argon2 = (await import('argon2')).default;
    expect(await argon2.verify(rows[0]!.password_hash, PASSWORD)).toBe(true);
  });

  it('audit-verify reports an intact log, then the first altered event', async () => {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(3); // from the tests above
    const ok = await run(['audit-verify']);
    expect(ok.code).toBe(0);
    expect(onlyLine(ok.stdout)).toBe(`audit log intact: ${rows[0]!.n} events`);

    const { rows: ids } = await pool.query<{ id: string }>(
      'SELECT id::text AS id FROM audit_events ORDER BY id LIMIT 2',
    );
    const victim = ids[1]!.id;
    const client = await pool.connect();
    try {
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await client.query(
        `UPDATE audit_events SET details = '{"via": "someone else"}' WHERE id = $1`,
        [victim],
      );
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    } finally {
      client.release();
    }
    const broken = await run(['audit-verify']);
    expect(broken.code).toBe(1);
    expect(onlyLine(broken.stdout)).toMatch(
      new RegExp(`^audit log broken at event ${victim}: .*altered`),
    );
  });

  it('rotate-keys: a token signed before the rotation still works after a restart', async () => {
    const before = await startTestApp({ connectionString: url });
    const person = await buildPatient(before.database.db, { password: PASSWORD });
    const old = await signIn(before.url, { email: person.email, password: PASSWORD });
    const oldKid = decodeProtectedHeader(old.access_token).kid;
    await before.close();

    const res = await run(['rotate-keys']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const newKid = /new signing key (\S+):/.exec(onlyLine(res.stdout))?.[1];
    expect(newKid).toBeDefined();
    expect(newKid).not.toBe(oldKid);

    // "Restart": a new server on the same database and public address.
    const after = await startTestApp({
      connectionString: url,
      config: { PUBLIC_URL: before.url },
    });
    try {
      const me = await fetch(`${after.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${old.access_token}` },
      });
      expect(me.status).toBe(200);
      // The old refresh token works too, and what it gets is signed with the new key.
      const refreshed = await fetch(`${after.url}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: 'carecircle-web',
          grant_type: 'refresh_token',
          refresh_token: old.refresh_token,
        }),
      });
      expect(refreshed.status).toBe(200);
      const { access_token } = (await refreshed.json()) as { access_token: string };
      expect(decodeProtectedHeader(access_token).kid).toBe(newKid);
      const jwks = (await (await fetch(`${after.url}/oidc/jwks`)).json()) as {
        keys: { kid: string }[];
      };
      expect(jwks.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    } finally {
      await after.close();
    }
    const { rows } = await pool.query<{ subject_id: string }>(
      "SELECT subject_id FROM audit_events WHERE action = 'keys.rotate'",
    );
    expect(rows).toEqual([{ subject_id: newKid }]);
  }, 60_000);

  it('records:rewrap-keys re-wraps data keys under the new master key; records still read', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const logger = createLogger({ logLevel: 'silent' });
    const database = createDatabase(url, logger, 2);
    try {
      const db = database.db;
      const patient = await buildPatient(db);
      const before = { db, keyring: keyringFor(testConfig({ RECORDS_MASTER_KEY: oldKey })) };
      const created = await createResource(
        before,
        { actorId: patient.id, patientId: patient.id, viaGrantId: null },
        {
          resourceType: 'Condition',
          code: { text: 'Rewrap test' },
          subject: { reference: `Patient/${patient.id}` },
        },
        { source: { kind: 'patient' } },
      );

      // Without the old key, the command names the missing master key and changes nothing.
      const missing = await manage(['records:rewrap-keys'], {
        DATABASE_URL: url,
        RECORDS_MASTER_KEY: newKey,
      });
      expect(missing.code).toBe(1);
      expect(onlyLine(missing.stderr)).toMatch(/RECORDS_PREVIOUS_MASTER_KEYS/);

      const res = await manage(['records:rewrap-keys'], {
        DATABASE_URL: url,
        RECORDS_MASTER_KEY: newKey,
        RECORDS_PREVIOUS_MASTER_KEYS: ` ${oldKey} `,
      });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const after = keyringFor(testConfig({ RECORDS_MASTER_KEY: newKey }));
      expect(onlyLine(res.stdout)).toMatch(
        new RegExp(`^re-wrapped \\d+ records data keys? under master key ${after.current.id}$`),
      );
      const { rows } = await pool.query<{ master_key_id: string }>(
        'SELECT DISTINCT master_key_id FROM record_keys',
      );
      expect(rows).toEqual([{ master_key_id: after.current.id }]);
      // Only the new key now: the record reads as before.
      const read = await readResource({ db, keyring: after }, 'Condition', created.id, {
        patientId: patient.id,
      });
      expect(read?.resource).toMatchObject({ code: { text: 'Rewrap test' } });
      // A second run has nothing left to do.
      const again = await manage(['records:rewrap-keys'], {
        DATABASE_URL: url,
        RECORDS_MASTER_KEY: newKey,
      });
      expect(onlyLine(again.stdout)).toMatch(/^re-wrapped 0 records data keys/);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('help and no command print the usage', async () => {
    for (const args of [['help'], []]) {
      const res = await run(args);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^Usage: npm run manage -- <command>/);
      expect(res.stdout).toMatch(/create-user --email E --password P --name N --role R/);
      expect(res.stdout).toMatch(/audit-verify/);
      expect(res.stdout).toMatch(/rotate-keys/);
      expect(res.stdout).toMatch(/records:rewrap-keys/);
    }
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(onlyLine(unknown.stderr)).toMatch(/unknown command "frobnicate"/);
  });
});

function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`${dataDir}/`));
  } catch {
    return [];
  }
}

describe('manage on the embedded PostgreSQL in DATA_DIR', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-manage-'));
    await chmod(dataDir, 0o755); // the postgres system user must be able to enter it
  });
  afterAll(async () => {
    for (const line of postgresProcessesFor(dataDir))
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts its own PostgreSQL when none runs, and stops it afterwards', async () => {
    const res = await manage(['audit-verify'], { DATA_DIR: dataDir });
    expect(res.stderr).toBe('');
    expect(onlyLine(res.stdout)).toBe('audit log intact: 0 events');
    expect(res.code).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    await expect(stat(path.join(dataDir, 'carecircle.pid'))).rejects.toThrow();
  }, 90_000);

  it('works while a server is running on the same DATA_DIR, and leaves its PostgreSQL running', async () => {
    // This process plays the server: it owns DATA_DIR (carecircle.pid) and its PostgreSQL.
    const logger = createLogger({ logLevel: 'silent' });
    const server = await startEmbeddedPostgres({ dataDir, logger });
    try {
      const email = uniqueEmail('while-running');
      const res = await manage(
        ['create-user', '--email', email, '--password', PASSWORD, '--name', 'R', '--role', 'admin'],
        { DATA_DIR: dataDir },
      );
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(onlyLine(res.stdout)).toMatch(UUID);

      // The server's PostgreSQL is still up and sees the new account.
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT status FROM accounts WHERE email = $1', [
          email,
        ]);
        expect(rows).toEqual([{ status: 'active' }]);
      } finally {
        await client.end();
      }
      const verify = await manage(['audit-verify'], { DATA_DIR: dataDir });
      expect(onlyLine(verify.stdout)).toBe('audit log intact: 1 events');
    } finally {
      await server.stop();
    }
  }, 90_000);
});
