// Realtime sockets on this machine, in one run:
//   (a) how many authenticated sockets one server process holds (default 10,000) and its memory
//       per socket (RSS and V8 heap, after a full GC, before and after opening them);
//   (b) fan-out latency: one event to each of 1,000 recipients (1,000 accounts, one socket each),
//       published by another hub instance (as another server would), 50 times; per-recipient
//       delivery latency p50/p99, time until the last recipient has it, and the publish call.
//       Once through PostgreSQL LISTEN/NOTIFY, once through Redis (REDIS_URL, default
//       redis://127.0.0.1:6379; BENCH_SKIP_REDIS=1 to leave that run out).
// Run: npm run bench:realtime -w @carecircle/bench -- --sockets 10000 --recipients 1000 --rounds 50
//
// The server is the real one (platform/server.ts: migrations, OIDC, job queue, realtime hub and
// gateway, production config) in this process, on embedded PostgreSQL in a temporary DATA_DIR.
// The clients (`ws`) run in a child process, so the server's memory is its own and the two
// sides do not share one event loop. Latency is measured across the two processes on the same
// clock (performance.timeOrigin + performance.now()).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importJWK, SignJWT } from 'jose';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { REALTIME_PATH } from '@carecircle/core';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { createDatabase, type Db } from '../apps/server/src/platform/db.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { startRealtimeHub } from '../apps/server/src/platform/realtime-hub.ts';
import { startServer } from '../apps/server/src/platform/server.ts';
import { apiAudienceFor, issuerFor } from '../apps/server/src/identity/oidc.ts';
import { percentile } from './lib.ts';

const now = () => performance.timeOrigin + performance.now();

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The client side (child process): opens sockets, records when fan-out events arrive.

type ToClients =
  | { cmd: 'open'; url: string; tokens: string[]; perToken: number }
  | { cmd: 'watch'; expected: number }
  | { cmd: 'closeAll' };
type FromClients =
  | { type: 'opened'; opened: number; failed: number; errors: string[]; ms: number }
  | { type: 'round'; round: number; latencies: number[] }
  | { type: 'closed' };

function runClients() {
  const sockets: WebSocket[] = [];
  let expected = 0;
  const rounds = new Map<number, number[]>();
  const reply = (m: FromClients) => process.send!(m);

  const onEvent = (raw: WebSocket.RawData) => {
    const at = now();
    const m = JSON.parse((raw as Buffer).toString('utf8')) as {
      type: string;
      event?: { type: string; data: { round?: number; t0?: number } };
    };
    if (m.type !== 'event' || m.event?.type !== 'bench.fanout') return;
    const { round, t0 } = m.event.data;
    if (round === undefined || t0 === undefined) return;
    let list = rounds.get(round);
    if (!list) rounds.set(round, (list = []));
    list.push(at - t0);
    if (list.length === expected) {
      rounds.delete(round);
      reply({ type: 'round', round, latencies: list });
    }
  };

  const openOne = (url: string, token: string) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const timer = setTimeout(() => reject(new Error('no ready in 60 s')), 60_000);
      ws.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`closed ${code}`));
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
      ws.once('message', (data) => {
        clearTimeout(timer);
        if ((JSON.parse((data as Buffer).toString('utf8')) as { type: string }).type !== 'ready')
          return reject(new Error('no ready'));
        ws.removeAllListeners('close');
        ws.on('message', onEvent);
        ws.on('error', () => undefined);
        sockets.push(ws);
        resolve();
      });
    });

  process.on('message', (msg: ToClients) => {
    void (async () => {
      if (msg.cmd === 'open') {
        const started = now();
        const jobs: string[] = [];
        for (const t of msg.tokens) for (let k = 0; k < msg.perToken; k++) jobs.push(t);
        let opened = 0;
        let failed = 0;
        const errors = new Set<string>();
        let next = 0;
        // 200 handshakes in flight at a time.
        await Promise.all(
          Array.from({ length: 200 }, async () => {
            while (next < jobs.length) {
              const token = jobs[next++]!;
              try {
                await openOne(msg.url, token);
                opened++;
              } catch (err) {
                failed++;
                errors.add((err as NodeJS.ErrnoException).code ?? (err as Error).message);
              }
            }
          }),
        );
        reply({ type: 'opened', opened, failed, errors: [...errors], ms: now() - started });
      } else if (msg.cmd === 'watch') {
        expected = msg.expected;
      } else {
        await Promise.all(
          sockets.splice(0).map(
            (ws) =>
              new Promise<void>((resolve) => {
                if (ws.readyState === WebSocket.CLOSED) return resolve();
                ws.once('close', () => resolve());
                ws.close(1000);
              }),
          ),
        );
        reply({ type: 'closed' });
      }
    })();
  });
}

// ---------------------------------------------------------------------------------------------
// The server side (this process).

class Clients {
  private readonly child: ChildProcess;
  private readonly waiters: ((m: FromClients) => boolean)[] = [];
  constructor() {
    this.child = fork(import.meta.filename, ['--clients'], { stdio: 'inherit' });
    this.child.on('message', (m: FromClients) => {
      if (m.type === 'round') return this.onRound?.(m);
      const i = this.waiters.findIndex((w) => w(m));
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }
  send(m: ToClients) {
    this.child.send(m);
  }
  next<T extends FromClients['type']>(
    type: T,
    timeoutMs = 300_000,
  ): Promise<Extract<FromClients, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`clients: no ${type}`)), timeoutMs);
      this.waiters.push((m) => {
        if (m.type !== type) return false;
        clearTimeout(timer);
        resolve(m as Extract<FromClients, { type: T }>);
        return true;
      });
    });
  }
  /** Where completed rounds go (they may arrive before the publish call returns). */
  onRound: ((m: Extract<FromClients, { type: 'round' }>) => void) | undefined;
  stop() {
    this.child.kill();
  }
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function memory() {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number) => x.toFixed(1).padStart(6);

async function seedAccounts(db: Db, n: number): Promise<string[]> {
  const tag = randomUUID().slice(0, 8);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO accounts (email, name, roles, status, email_verified_at)
    SELECT 'bench-rt-' || g || '-' || ${tag} || '@example.org', 'Bench Person ' || g,
           '{patient}', 'active', now()
    FROM generate_series(1, ${n}::int) g
    RETURNING id`.execute(db);
  return rows.map((r) => r.id);
}

async function tokensFor(db: Db, config: { publicUrl: string }, ids: string[]) {
  const row = await db
    .selectFrom('signing_keys')
    .select('private_jwk')
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const jwk = row.private_jwk;
  const key = await importJWK(jwk, 'ES256');
  return Promise.all(
    ids.map((id) =>
      new SignJWT({ client_id: 'carecircle-web', scope: 'openid api' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid! })
        .setIssuer(issuerFor(config))
        .setAudience(apiAudienceFor(config))
        .setSubject(id)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime('2h')
        .sign(key),
    ),
  );
}

async function main() {
  const SOCKETS = arg('sockets', 10_000);
  const RECIPIENTS = arg('recipients', 1_000);
  const ROUNDS = arg('rounds', 50);
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const skipRedis = process.env.BENCH_SKIP_REDIS === '1';
  console.log(
    `Realtime benchmark: ${SOCKETS.toLocaleString('en')} sockets, fan-out to ${RECIPIENTS.toLocaleString('en')} recipients × ${ROUNDS} rounds, ` +
      `${os.cpus().length} cores, Node ${process.version}, fd limit: see \`ulimit -n\``,
  );

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-realtime-'));
  await chmod(dataDir, 0o755);
  const quiet = createLogger({ logLevel: 'warn' });
  const pgServer = await startEmbeddedPostgres({ dataDir, logger: quiet, unsafeFast: true });
  const clients = new Clients();
  const secrets = {
    MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RECORDS_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const start = async (redis: boolean) => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: pgServer.connectionString,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://localhost',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      ...secrets,
      ...(redis ? { REDIS_URL } : {}),
    });
    const server = await startServer(config, createLogger(config));
    return { config, server, url: `ws://127.0.0.1:${server.port}${REALTIME_PATH}` };
  };

  try {
    // (a) sockets held by one process ------------------------------------------------------
    let { config, server, url } = await start(false);
    const db = server.database.db;
    const accounts = await seedAccounts(db, RECIPIENTS);
    const tokens = await tokensFor(db, config, accounts);
    // Warm up: one socket, so lazily loaded code is in both measurements.
    clients.send({ cmd: 'open', url, tokens: tokens.slice(0, 1), perToken: 1 });
    await clients.next('opened');
    clients.send({ cmd: 'closeAll' });
    await clients.next('closed');
    const before = memory();
    const perToken = Math.ceil(SOCKETS / tokens.length);
    const used = tokens.slice(0, Math.ceil(SOCKETS / perToken));
    clients.send({ cmd: 'open', url, tokens: used, perToken });
    const opened = await clients.next('opened', 600_000);
    const after = memory();
    console.log(
      `\n(a) Sockets held by one server process (${used.length.toLocaleString('en')} accounts × ${perToken} sockets)`,
    );
    console.log(
      `  opened ${opened.opened.toLocaleString('en')} authenticated sockets in ${(opened.ms / 1000).toFixed(1)} s` +
        (opened.failed
          ? `, ${opened.failed} failed (${opened.errors.join(', ')})`
          : ', none failed'),
    );
    if (opened.errors.some((e) => e === 'EMFILE' || e === 'ENFILE'))
      console.log('  EMFILE: raise the open-files limit (`ulimit -n 65536`) and run again');
    console.log(`  RSS   before ${mb(before.rss)}, after ${mb(after.rss)}`);
    console.log(`  heap  before ${mb(before.heap)}, after ${mb(after.heap)}`);
    if (opened.opened > 0)
      console.log(
        `  per socket: RSS ${kb((after.rss - before.rss) / opened.opened)}, heap ${kb((after.heap - before.heap) / opened.opened)}`,
      );
    clients.send({ cmd: 'closeAll' });
    await clients.next('closed', 120_000);

    // (b) fan-out latency -------------------------------------------------------------------
    for (const transport of skipRedis ? ['postgres'] : ['postgres', 'redis']) {
      if (transport === 'redis') {
        await server.stop();
        ({ config, server, url } = await start(true));
      }
      // The publisher: another hub instance on the same database (as another server would be).
      const publisherDb = createDatabase(pgServer.connectionString, quiet, 2);
      const publisher = await startRealtimeHub({
        db: publisherDb.db,
        connectionString: pgServer.connectionString,
        redisUrl: transport === 'redis' ? REDIS_URL : undefined,
        logger: quiet,
      });
      clients.send({ cmd: 'open', url, tokens, perToken: 1 });
      const o = await clients.next('opened', 300_000);
      if (o.failed) throw new Error(`${o.failed} sockets failed: ${o.errors.join(', ')}`);
      clients.send({ cmd: 'watch', expected: tokens.length });
      const WARM_UP = 3;
      const byRound = new Map<number, number[]>();
      const publishMs = new Map<number, number>();
      const done = new Map<number, () => void>();
      clients.onRound = (m) => {
        byRound.set(m.round, m.latencies);
        done.get(m.round)?.();
      };
      for (let round = 0; round < ROUNDS + WARM_UP; round++) {
        const arrived = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`round ${round}: not every recipient had it`)),
            30_000,
          );
          done.set(round, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        const t0 = now();
        await publisher.publish(
          accounts.map((accountId) => ({
            accountId,
            type: 'bench.fanout',
            data: { round, t0 },
          })),
        );
        publishMs.set(round, now() - t0);
        await arrived;
      }
      // The first rounds warm up (JIT, prepared plans) and are not counted.
      const counted = [...byRound.keys()].filter((r) => r >= WARM_UP);
      const sorted = (xs: number[]) => xs.sort((x, y) => x - y);
      const all = sorted(counted.flatMap((r) => byRound.get(r)!));
      const afterPublish = sorted(
        counted.flatMap((r) => byRound.get(r)!.map((l) => l - publishMs.get(r)!)),
      );
      const lastRecipient = sorted(counted.map((r) => Math.max(...byRound.get(r)!)));
      const publishCall = sorted(counted.map((r) => publishMs.get(r)!));
      const line = (name: string, xs: number[]) =>
        console.log(
          `  ${name.padEnd(38)} p50 ${ms(percentile(xs, 50))}  p99 ${ms(percentile(xs, 99))}  max ${ms(xs[xs.length - 1]!)}`,
        );
      console.log(
        `\n(b) Fan-out through ${transport === 'redis' ? 'Redis pub/sub' : 'PostgreSQL LISTEN/NOTIFY'}: ${tokens.length} recipients × ${ROUNDS} rounds (ms; load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')})`,
      );
      line('per recipient, from publish() called', all);
      line('per recipient, from publish() returned', afterPublish);
      line('last recipient, from publish() called', lastRecipient);
      line(`publish() call (${tokens.length} rows, 1 announce)`, publishCall);
      clients.send({ cmd: 'closeAll' });
      await clients.next('closed', 120_000);
      await publisher.stop();
      await publisherDb.close();
    }
    await server.stop();
  } finally {
    clients.stop();
    await pgServer.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--clients')) runClients();
else await main();
