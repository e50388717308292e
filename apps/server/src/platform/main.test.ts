import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { WebSocket } from 'ws';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real entry point as a separate process: start-up errors, graceful shutdown, and recovery
 * after a crash. These use embedded PostgreSQL in their own DATA_DIR (unless DATABASE_URL is set
 * for the test run, in which case the database-less cases still run).
 */
const MAIN = path.resolve(import.meta.dirname, '../main.ts');

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function startMain(env: Record<string, string>): Proc {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['DATABASE_URL', 'PORT', 'DATA_DIR', 'NODE_ENV', 'DEMO_DATA'].includes(k),
    ),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: { ...clean, LOG_LEVEL: 'info', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  let signalledAt = 0;
  const origKill = child.kill.bind(child);
  child.kill = (sig?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return origKill(sig);
  };
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
    (resolve) =>
      child.on('exit', (code, signal) =>
        resolve({ code, signal, ms: signalledAt ? Date.now() - signalledAt : 0 }),
      ),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForReady(p: Proc, timeoutMs = 45_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = p
      .stdout()
      .split('\n')
      .find((l) => l.includes('"CareCircle is ready"'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (p.child.exitCode !== null) throw new Error(`exited early: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready in time: ${p.stderr()}`);
}

function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(dataDir));
  } catch {
    return [];
  }
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-main-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  for (const line of postgresProcessesFor(dataDir))
    process.kill(Number(line.split(' ')[0]), 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('start-up errors are one human sentence and a non-zero exit', () => {
  async function expectFailure(env: Record<string, string>, message: RegExp) {
    const p = startMain(env);
    const { code } = await p.exit;
    expect(code).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(p.stderr()).not.toMatch(/\n\s+at /);
  }

  it('bad configuration names the variable', async () => {
    await expectFailure({ PORT: 'eighty' }, /^CareCircle could not start: PORT .*"eighty"/);
  });

  it('an unreachable DATABASE_URL says so without the password', async () => {
    await expectFailure(
      { DATABASE_URL: 'postgresql://carecircle:s3cret@127.0.0.1:1/carecircle', PORT: '0' },
      /^CareCircle could not start: Cannot reach the database at 127\.0\.0\.1:1\/carecircle \(connection refused\); check DATABASE_URL\.$/,
    );
  });

  it('an unusable DATA_DIR says so', async () => {
    const file = path.join(dataDir, 'a-file');
    await writeFile(file, 'x');
    await expectFailure(
      { DATA_DIR: path.join(file, 'sub'), PORT: '0' },
      /^CareCircle could not start: DATA_DIR .* cannot be used/,
    );
  });

  it('a port already in use says so', async () => {
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expectFailure(
        { DATA_DIR: dataDir, PORT: String(port) },
        new RegExp(`^CareCircle could not start: Port ${port} is already in use`),
      );
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});

describe('lifecycle with embedded PostgreSQL', () => {
  it('SIGTERM finishes in-flight requests, exits 0 within 10 s and leaves no postgres behind', async () => {
    const p = startMain({ DATA_DIR: dataDir, PORT: '0' });
    const port = await waitForReady(p);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    // A request whose body is still arriving when the signal comes must still be answered.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const body = '{"hello": "world"}';
    socket.write(
      `POST /api/v1/info HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n{"hel`,
    );
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    // An open realtime socket is told goodbye (1001) at once, not left to hold the server open.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`);
    await new Promise((r) => ws.once('open', r));
    const wsClosed = new Promise<{ code: number; at: number }>((resolve) =>
      ws.once('close', (code) => resolve({ code, at: Date.now() })),
    );
    await new Promise((r) => setTimeout(r, 200));

    const signalled = Date.now();
    p.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.end(body.slice(5));
    const { code, ms } = await p.exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    const goodbye = await wsClosed;
    expect(goodbye.code).toBe(1001);
    expect(goodbye.at - signalled).toBeLessThan(2_000);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('starts again after the server was killed outright (no stale lock)', async () => {
    const first = startMain({ DATA_DIR: dataDir, PORT: '0' });
    await waitForReady(first);
    first.child.kill('SIGKILL');
    await first.exit;
    // Its PostgreSQL may still be running, orphaned: the next start must cope.
    const second = startMain({ DATA_DIR: dataDir, PORT: '0' });
    const port = await waitForReady(second);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });
});
