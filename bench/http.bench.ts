// HTTP throughput and latency of the server on this machine, side by side in one run:
// the liveness probe (no database) against real API reads (database + validation + shaping).
// Run: npm run bench   (starts its own server on embedded PostgreSQL in a temporary DATA_DIR)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function startServer() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-'));
  await chmod(dataDir, 0o755);
  const child = spawn(process.execPath, [path.join(root, 'apps/server/src/main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
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
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', () => reject(new Error('server exited')));
    const started = Date.now();
    const poll = setInterval(() => {
      const line = out.split('\n').find((l) => l.includes('CareCircle is ready'));
      if (line) {
        clearInterval(poll);
        resolve((JSON.parse(line) as { port: number }).port);
      }
      if (Date.now() - started > 60_000) reject(new Error('server did not start'));
    }, 100);
  });
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(url: string) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const server = await startServer();
try {
  const base = `http://127.0.0.1:${server.port}`;
  const targets = {
    'GET /healthz': `${base}/healthz`,
    'GET /api/v1/info': `${base}/api/v1/info`,
    'GET /api/v1/providers': `${base}/api/v1/providers`,
    'GET /api/v1/providers?q=chen&modality=video': `${base}/api/v1/providers?q=chen&modality=video`,
  };
  console.log(
    `CareCircle HTTP benchmark: ${connections} connections, ${seconds} s per target, Node ${process.version}, ${os.cpus().length} cores`,
  );
  const rows: Record<string, { rps: number; p50: number; p99: number; 'vs healthz': string }> = {};
  let baseline = 0;
  for (const [name, url] of Object.entries(targets)) {
    const m = await measure(url);
    if (!baseline) baseline = m.rps;
    rows[name] = { ...m, 'vs healthz': `${(m.rps / baseline).toFixed(2)}×` };
  }
  console.table(rows);
  console.log('rps = requests per second (mean); p50/p99 = latency in ms.');
} finally {
  await server.stop();
}
