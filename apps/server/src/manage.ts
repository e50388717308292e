/**
 * Operator commands: `npm run manage -- <command> [flags]`. Plain lines out, exit 1 on failure.
 * Works on DATABASE_URL or on the embedded PostgreSQL in DATA_DIR, also while the server runs.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AccountCreateInput, Role } from '@carecircle/core';
import { recordAudit, verifyAuditChain } from './access/audit.service.ts';
import { createAccount } from './identity/accounts.service.ts';
import { rotateSigningKeys } from './identity/keys.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { createDatabase, type Db } from './platform/db.ts';
import { startEmbeddedPostgres } from './platform/embedded-postgres.ts';
import { HttpError } from './platform/errors.ts';
import { createLogger } from './platform/logger.ts';
import { MigrationError, migrate } from './platform/migrate.ts';
import { StartupError } from './platform/startup-error.ts';
import { keyringFor, rewrapDataKeys, type Keyring } from './records/record-keys.ts';
import { PgBoss } from 'pg-boss';
import { deadJobs, queueStatus, retryDeadJobs } from './platform/jobs-admin.ts';

const USAGE = `Usage: npm run manage -- <command> [flags]

Commands:
  create-user --email E --password P --name N --role R [--role R2 ...]
      Create an account. Roles: ${Role.options.join(', ')}.
      Providers and admins are created verified and active.
      --password - reads the password from the first line of standard input instead.
  audit-verify
      Check the audit log's hash chain; exit 1 naming the first broken event.
  rotate-keys
      Make a new token signing key. Servers sign with it from their next start; tokens signed
      with the old keys keep working until they expire, so nobody is signed out.
  records:rewrap-keys
      After replacing RECORDS_MASTER_KEY (the old key moved to RECORDS_PREVIOUS_MASTER_KEYS):
      re-wrap every patient's records data key under the new key. Records are not rewritten.
      Then the old key can be removed from RECORDS_PREVIOUS_MASTER_KEYS.
  jobs:status
      Background jobs per queue: queued, running, and failed for good (dead).
  jobs:failed [--queue Q]
      The jobs that failed for good (after their retries), newest first: queue, id, when.
  jobs:retry --queue Q
      Put a queue's failed jobs back in it, once the cause (e.g. the mail server) is fixed.
  help
      Show this text.

Uses DATABASE_URL when set, otherwise the embedded PostgreSQL in DATA_DIR (also while the
server is running on it). Applies pending migrations first.`;

/** A failure to report as one line (exit 1). */
class CommandError extends Error {
  override name = 'CommandError';
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function readPasswordFromStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function parseCreateUser(args: string[]): Promise<AccountCreateInput> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
    },
  });
  const missing = (['email', 'password', 'name', 'role'] as const).filter(
    (flag) => values[flag] === undefined,
  );
  if (missing.length > 0) {
    throw new CommandError(`missing ${missing.map((f) => `--${f}`).join(', ')}`);
  }
  const roles = values.role ?? [];
  const unknown = roles.find((r) => !Role.safeParse(r).success);
  if (unknown !== undefined) {
    throw new CommandError(`"${unknown}" is not a role; use ${Role.options.join(', ')}`);
  }
  const password = values.password === '-' ? await readPasswordFromStdin() : values.password;
  const input = { email: values.email, password, name: values.name, roles };
  const parsed = AccountCreateInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === 'roles' ? 'role' : issue.path.map(String).join('.');
    throw new CommandError(`${field}: ${issue.message}`);
  }
  return parsed.data;
}

async function createUser(db: Db, input: AccountCreateInput): Promise<void> {
  const verified = input.roles.some((r) => r === 'provider' || r === 'admin');
  try {
    const account = await db.transaction().execute(async (trx) => {
      const created = await createAccount(trx, input, { verified });
      await recordAudit(trx, {
        action: 'account.create',
        outcome: 'success',
        actorId: null,
        subjectType: 'account',
        subjectId: created.id,
        details: { via: 'manage' },
      });
      return created;
    });
    out(`created ${account.id} (${account.email}, ${account.roles.join(', ')}, ${account.status})`);
  } catch (err) {
    if (err instanceof HttpError) throw new CommandError(err.message);
    if ((err as { code?: unknown }).code === '23505') {
      // Another process took the address between the check and the insert.
      throw new CommandError('An account with this e-mail address already exists.');
    }
    throw err;
  }
}

async function auditVerify(db: Db): Promise<number> {
  const report = await verifyAuditChain(db);
  if (report.ok) {
    out(`audit log intact: ${report.count} events`);
    return 0;
  }
  out(`audit log broken at event ${report.firstBrokenId}: ${report.reason}`);
  return 1;
}

async function rotateKeys(db: Db): Promise<number> {
  const kid = await rotateSigningKeys(db);
  await recordAudit(db, {
    action: 'keys.rotate',
    outcome: 'success',
    actorId: null,
    subjectType: 'signing_key',
    subjectId: kid,
    details: { via: 'manage' },
  });
  out(`new signing key ${kid}: restart the servers to sign with it; nobody is signed out`);
  return 0;
}

async function rewrapRecordKeys(db: Db): Promise<number> {
  let keyring: Keyring;
  try {
    keyring = keyringFor(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new CommandError((err as Error).message);
  }
  let count: number;
  try {
    count = await rewrapDataKeys(db, keyring);
  } catch (err) {
    // A data key wrapped by a master key that is not configured: says which one.
    if (/not configured/.test((err as Error).message)) {
      throw new CommandError((err as Error).message);
    }
    throw err;
  }
  await recordAudit(db, {
    action: 'records.keys.rewrap',
    outcome: 'success',
    actorId: null,
    subjectType: 'records_master_key',
    subjectId: keyring.current.id,
    details: { via: 'manage', count },
  });
  out(
    `re-wrapped ${count} records data ${count === 1 ? 'key' : 'keys'} under master key ${keyring.current.id}`,
  );
  return 0;
}

/** The job queue of the same database, without workers or schedules (for the jobs: commands). */
async function withJobQueue(fn: (boss: PgBoss) => Promise<number>): Promise<number> {
  let connectionString = '';
  return withDatabase(
    async () => {
      const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false });
      boss.on('error', () => undefined);
      await boss.start();
      try {
        return await fn(boss);
      } finally {
        await boss.stop({ graceful: true, close: true, timeout: 1_000 });
      }
    },
    (url) => (connectionString = url),
  );
}

async function jobsStatus(boss: PgBoss): Promise<number> {
  const queues = await queueStatus(boss);
  if (queues.length === 0) out('no job queues yet (the server creates them when it starts)');
  for (const q of queues) {
    out(`${q.name}: ${q.queued} queued, ${q.active} running, ${q.dead} failed`);
  }
  return 0;
}

async function jobsFailed(boss: PgBoss, queue: string | undefined): Promise<number> {
  const dead = await deadJobs(boss, queue);
  if (dead.length === 0) out('no failed jobs');
  for (const j of dead) out(`${j.failedAt.toISOString()} ${j.queue} ${j.id}`);
  return 0;
}

async function jobsRetry(boss: PgBoss, queue: string): Promise<number> {
  const moved = await retryDeadJobs(boss, queue);
  out(`${moved} failed ${moved === 1 ? 'job' : 'jobs'} of ${queue} queued again`);
  return 0;
}

/** Connects (starting or attaching to embedded PostgreSQL), migrates, runs `fn`, cleans up. */
async function withDatabase(
  fn: (db: Db) => Promise<number>,
  onConnectionString?: (url: string) => void,
): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' });
  let connectionString = config.databaseUrl;
  let stopEmbedded = () => Promise.resolve();
  if (!connectionString) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      logger,
      attachIfRunning: true,
    });
    connectionString = embedded.connectionString;
    stopEmbedded = () => embedded.stop();
  }
  onConnectionString?.(connectionString);
  try {
    const database = createDatabase(connectionString, logger, 2);
    try {
      await migrate(database.pool, logger);
      return await fn(database.db);
    } finally {
      await database.close();
    }
  } finally {
    await stopEmbedded();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    case 'create-user': {
      const input = await parseCreateUser(rest);
      return withDatabase(async (db) => {
        await createUser(db, input);
        return 0;
      });
    }
    case 'audit-verify':
      parseArgs({ args: rest, strict: true, allowPositionals: false, options: {} });
      return withDatabase(auditVerify);
    case 'rotate-keys':
      parseArgs({ args: rest, strict: true, allowPositionals: false, options: {} });
      return withDatabase(rotateKeys);
    case 'records:rewrap-keys':
      parseArgs({ args: rest, strict: true, allowPositionals: false, options: {} });
      return withDatabase(rewrapRecordKeys);
    case 'jobs:status':
      parseArgs({ args: rest, strict: true, allowPositionals: false, options: {} });
      return withJobQueue(jobsStatus);
    case 'jobs:failed': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: false,
        options: { queue: { type: 'string' } },
      });
      return withJobQueue((boss) => jobsFailed(boss, values.queue));
    }
    case 'jobs:retry': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: false,
        options: { queue: { type: 'string' } },
      });
      if (!values.queue) throw new CommandError('missing --queue');
      const queue = values.queue;
      return withJobQueue((boss) => jobsRetry(boss, queue));
    }
    default:
      throw new CommandError(`unknown command "${command}" (see npm run manage -- help)`);
  }
}

/** node:util parseArgs' own errors (unknown flag, missing value) read well as they are. */
function isParseArgsError(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code.startsWith('ERR_PARSE_ARGS')
  );
}

const command = process.argv[2] ?? 'help';
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const known =
    err instanceof CommandError ||
    err instanceof ConfigError ||
    err instanceof StartupError ||
    err instanceof MigrationError ||
    isParseArgsError(err);
  const message = known ? (err as Error).message : `unexpected error: ${(err as Error).message}`;
  process.stderr.write(`manage ${command}: ${message}\n`);
  process.exitCode = 1;
}
