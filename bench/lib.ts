// What the benchmarks share: a real server (apps/server/src/main.ts, production mode) on embedded
// PostgreSQL in a temporary DATA_DIR, direct SQL access to its database, autocannon and
// percentiles.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';

const root = path.resolve(import.meta.dirname, '..');

export const PUBLIC_URL = 'http://localhost';

/** Seconds per autocannon target (BENCH_SECONDS, default 10). */
export const seconds = Number(process.env.BENCH_SECONDS ?? 10);

export interface ServerOptions {
  /** Prefix of the temporary data directory, e.g. 'cc-bench-slots-'. */
  tempPrefix: string;
  /** Whether the server seeds its demo data. */
  demoData: boolean;
  /** How long to wait for the "ready" line. */
  startTimeoutMs: number;
  /** What to do with the server's stderr. */
  stderr: 'inherit' | 'ignore';
  /** Extra environment for the server (e.g. a known RECORDS_MASTER_KEY). */
  env?: Record<string, string>;
}

export interface BenchServer {
  port: number;
  /** The server's DATA_DIR (its embedded PostgreSQL lives there). */
  dataDir: string;
  /** `http://127.0.0.1:<port>` */
  base: string;
  stop(): Promise<void>;
}

/**
 * Starts the server on embedded PostgreSQL in a fresh temporary DATA_DIR and resolves once it
 * logs "CareCircle is ready" (which carries the port). Log lines after that are dropped.
 */
export async function startServer(options: ServerOptions): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), options.tempPrefix));
  await chmod(dataDir, 0o755);
  const child = spawn(process.execPath, [path.join(root, 'apps/server/src/main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_DATA: String(options.demoData),
      // 'info' for the ready line (which carries the port); later lines are read and dropped.
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      PUBLIC_URL,
      // Required in production. Nothing listens there: the benchmarks send no mail, and a
      // booking's invitation e-mails fail fast and are logged (a booking never waits on, nor
      // fails with, its e-mail).
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RECORDS_MASTER_KEY: randomBytes(32).toString('base64'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', options.stderr],
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
      } else if (child.exitCode !== null || Date.now() - started > options.startTimeoutMs) {
        clearInterval(poll);
        reject(new Error(child.exitCode !== null ? 'server exited' : 'server did not start'));
      }
    }, 100);
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { port, dataDir, base: `http://127.0.0.1:${port}`, stop };
}

/** Attaches to the running server's embedded PostgreSQL (to seed or inspect it with SQL). */
export async function attachDatabase(dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    logger: createLogger(config),
    attachIfRunning: true,
  });
}

/** The p-th percentile of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Requests per second (mean) and latency p50/p99 in ms of `url` for `seconds` seconds. */
export async function measure(
  url: string,
  connections: number,
  headers: Record<string, string> = {},
) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
