// HTTP throughput and latency of the server on this machine, side by side in one run:
// the liveness probe (no database) against real API reads (database + validation + shaping).
// Run: npm run bench   (starts its own server on embedded PostgreSQL in a temporary DATA_DIR)
import os from 'node:os';
import { measure, seconds, startServer } from './lib.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

const server = await startServer({
  tempPrefix: 'cc-bench-',
  demoData: true,
  startTimeoutMs: 60_000,
  stderr: 'inherit',
});
try {
  const base = server.base;
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
    const m = await measure(url, connections);
    if (!baseline) baseline = m.rps;
    rows[name] = { ...m, 'vs healthz': `${(m.rps / baseline).toFixed(2)}×` };
  }
  console.table(rows);
  console.log('rps = requests per second (mean); p50/p99 = latency in ms.');
} finally {
  await server.stop();
}
