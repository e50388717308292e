import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestApp, type TestApp } from '../../test/helpers.ts';
import { inTransaction } from './db.ts';
import { deadJobs, queueStatus, retryDeadJobs } from './jobs-admin.ts';
import { defineJob, startJobQueue, type RunningJobs } from './jobs.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ logLevel: 'silent' });
const WORKER_PROCESS = path.resolve(import.meta.dirname, '../../test/job-worker-process.ts');

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the job queue', () => {
  const ran: string[] = [];
  let failing = true;
  const attempts: number[] = [];
  const echo = defineJob<{ value: string }>({
    name: 'test.echo',
    handler(_deps, data) {
      ran.push(data.value);
      return Promise.resolve();
    },
  });
  const flaky = defineJob<{ n: number }>({
    name: 'test.flaky',
    queue: { retryLimit: 2, retryDelay: 1, retryBackoff: false },
    handler(_deps, _data, job) {
      attempts.push(job.retryCount);
      return failing ? Promise.reject(new Error('the mail server is down')) : Promise.resolve();
    },
  });

  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ jobs: [echo, flaky] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a job inside a transaction: it runs once if it commits, never if it rolls back', async () => {
    const { db } = app.database;
    await inTransaction(db, async (trx) => {
      await app.deps.jobs.send('test.echo', { value: 'committed' }, { db: trx });
    });
    await inTransaction(db, async (trx) => {
      await app.deps.jobs.send('test.echo', { value: 'rolled-back' }, { db: trx });
      throw new Error('roll back');
    }).catch(() => undefined);
    // A job sent after both: once it has run, the committed one has had its chance too.
    await app.deps.jobs.send('test.echo', { value: 'marker' });
    await until('the marker job', () => ran.includes('marker'));
    await until('the committed job', () => ran.includes('committed'));
    expect(ran.filter((v) => v === 'rolled-back')).toEqual([]);
    expect(ran.filter((v) => v === 'committed')).toHaveLength(1);
  });

  it('retries a failing job, then keeps it in the dead-letter queue until an operator retries it', async () => {
    const boss = app.deps.jobs.boss;
    const id = await app.deps.jobs.send('test.flaky', { n: 1 });
    expect(id).toBeTruthy();
    // First attempt + 2 retries, then dead.
    await until('three attempts', () => attempts.length >= 3, 20_000);
    await until('the dead letter', async () => (await deadJobs(boss, 'test.flaky')).length === 1);
    expect(attempts).toEqual([0, 1, 2]);
    const status = (await queueStatus(boss)).find((q) => q.name === 'test.flaky');
    expect(status).toMatchObject({ dead: 1 });

    // The cause is fixed: the operator puts it back and it runs.
    failing = false;
    expect(await retryDeadJobs(boss, 'test.flaky')).toBe(1);
    await until('the retried job', () => attempts.length === 4, 20_000);
    await until('the dead letter queue to empty', async () =>
      (await deadJobs(boss, 'test.flaky')).every((j) => j.id !== id),
    );
  });
});

describe('the job queue across instances', () => {
  let url: string;
  const queues: RunningJobs[] = [];
  const start = async (superviseIntervalSeconds?: number) => {
    const q = await startJobQueue({
      connectionString: url,
      logger,
      max: 2,
      pollingIntervalSeconds: 0.5,
      ...(superviseIntervalSeconds ? { superviseIntervalSeconds } : {}),
    });
    queues.push(q);
    return q;
  };
  const deps = {} as never;

  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    for (const q of queues) await q.stop(1_000).catch(() => undefined);
  });

  it('runs each job exactly once while two instances work the same queue', async () => {
    const runs = new Map<number, number>();
    const count = defineJob<{ n: number }>({
      name: 'test.count',
      concurrency: 3,
      async handler(_deps, data) {
        runs.set(data.n, (runs.get(data.n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    const a = await start();
    const b = await start();
    await a.work(deps, [count]);
    await b.work(deps, [count]);
    for (let n = 0; n < 60; n++) await a.send('test.count', { n });
    await until('60 jobs', () => runs.size === 60, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect([...runs.values()].every((times) => times === 1)).toBe(true);
  });

  it('loses no job when the process running it is killed: another instance runs it', async () => {
    // The doomed instance is its own process, killed with SIGKILL mid-job: no clean-up at all.
    const child = spawn(process.execPath, [WORKER_PROCESS, url, 'test.crash'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await until('the worker process', () => output.includes('ready'));
      const sender = await start();
      await sender.send('test.crash', { id: 'in-flight' });
      await until('the job to start in the doomed process', () =>
        output.includes('started in-flight'),
      );
      // Queued for later: must wait for a worker, not vanish with the process.
      await sender.send(
        'test.crash',
        { id: 'queued' },
        { startAfter: new Date(Date.now() + 1_500) },
      );
    } finally {
      child.kill('SIGKILL');
    }
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((r) => child.once('exit', r));
    }

    const finished: string[] = [];
    const survivor = await start(1);
    await survivor.work(deps, [
      defineJob<{ id: string }>({
        name: 'test.crash',
        queue: { expireInSeconds: 2, retryDelay: 1, retryBackoff: false },
        handler(_deps, data) {
          finished.push(data.id);
          return Promise.resolve();
        },
      }),
    ]);
    await until('both jobs on the surviving instance', () => finished.length === 2, 30_000);
    expect(finished.sort()).toEqual(['in-flight', 'queued']);
    expect(output).not.toContain('started queued');
  });
});
