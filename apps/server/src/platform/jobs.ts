import { PgBoss, type Job, type JobResult, type QueueOptions, type SendOptions } from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type { AppDeps } from './app-deps.ts';
import type { Db } from './db.ts';
import type { Logger } from './logger.ts';

/**
 * The job queue: every side effect that can fail or wait (e-mail, push, reminders, imports)
 * runs as a pg-boss job in PostgreSQL. Jobs are durable (a killed instance loses none: an active
 * job whose worker died is retried after `expireInSeconds`), retried with exponential back-off,
 * and moved to `<queue>.dead` when they fail for good (dead-letter visibility: `npm run manage
 * -- jobs:failed`, jobs-admin.ts). Each job runs on exactly one worker across every instance. Handlers must be
 * idempotent (a job can run again after a crash between its effect and its completion).
 *
 * Features declare their jobs with `defineJob` and list them in `job-list.ts`; they enqueue
 * with `deps.jobs.send(name, data, { db: trx })` to create the job in their own transaction
 * (it exists if and only if the change commits).
 */

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
}

export interface JobDefinition<T extends object = object> {
  name: string;
  /** Retries, back-off, expiry… defaults: 5 retries, back-off from 5 s, 5 min expiry. */
  queue?: QueueOptions & { policy?: 'standard' | 'singleton' | 'stately' | 'short' | 'exclusive' };
  /** A cron expression (UTC) to run it on a schedule, e.g. every minute `* * * * *`. */
  cron?: string;
  /** Jobs of this queue one instance runs at the same time (default 2; batches of 4× that). */
  concurrency?: number;
  handler(deps: AppDeps, data: T, job: JobContext): Promise<void>;
}

export function defineJob<T extends object>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export interface EnqueueOptions {
  /** Create the job inside this transaction (Kysely), so it exists only if it commits. */
  db?: Db;
  startAfter?: Date;
  /** With a queue policy other than `standard`: at most one job per key. */
  singletonKey?: string;
  /** Not again within this many seconds with the same key. */
  singletonSeconds?: number;
  priority?: number;
}

export interface JobQueue {
  /** Enqueues a job; returns its id (null when a singleton key suppressed it). */
  send(name: string, data: object, options?: EnqueueOptions): Promise<string | null>;
  /** The pg-boss instance (tests and management commands). */
  readonly boss: PgBoss;
}

export interface RunningJobs extends JobQueue {
  /** Starts the workers of these jobs (after `deps` is complete). */
  work(deps: AppDeps, definitions: readonly JobDefinition<never>[]): Promise<void>;
  /** Stops fetching, waits for running handlers (up to `timeoutMs`), closes the pool. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Queue-level defaults: retried with back-off, dead-lettered, woken by NOTIFY. */
const DEFAULT_QUEUE: QueueOptions = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 300,
};

export const DEAD_LETTER_SUFFIX = '.dead';

/** A Kysely connection (or transaction) as pg-boss's `db` option: its SQL runs in there. */
function kyselyExecutor(db: Db) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}

/**
 * Connects pg-boss to the database (installing or migrating its schema `pgboss` when needed).
 * Workers start with `work()`. `pollingIntervalSeconds` is how long an idle worker waits when
 * no NOTIFY wakes it.
 */
export async function startJobQueue(options: {
  connectionString: string;
  logger: Logger;
  /** Pool size of pg-boss's own connections (plus one for LISTEN). */
  max?: number;
  pollingIntervalSeconds?: number;
  /** How often expired active jobs (their worker died) are put back for retry; default 60 s. */
  superviseIntervalSeconds?: number;
}): Promise<RunningJobs> {
  const { logger } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    application_name: 'carecircle-jobs',
    useListenNotify: true,
    ...(options.superviseIntervalSeconds
      ? {
          superviseIntervalSeconds: options.superviseIntervalSeconds,
          monitorIntervalSeconds: options.superviseIntervalSeconds,
        }
      : {}),
  });
  boss.on('error', (err: Error & { code?: string }) => {
    logger.warn(
      { err: { name: err.name, code: err.code, message: err.message } },
      'job queue error',
    );
  });
  await boss.start();
  const polling = options.pollingIntervalSeconds ?? 2;
  const created = new Set<string>();

  async function ensureQueue(definition: Pick<JobDefinition<never>, 'name' | 'queue'>) {
    if (created.has(definition.name)) return;
    const dead = `${definition.name}${DEAD_LETTER_SUFFIX}`;
    if (!(await boss.getQueue(dead)))
      await boss.createQueue(dead, { retentionSeconds: 30 * 86400 });
    const queue = { ...DEFAULT_QUEUE, ...definition.queue, deadLetter: dead, notify: true };
    // pg-boss refuses a maximum back-off without back-off.
    if (!queue.retryBackoff) delete queue.retryDelayMax;
    if (await boss.getQueue(definition.name)) {
      const { policy: _policy, ...updatable } = queue;
      await boss.updateQueue(definition.name, updatable);
    } else {
      await boss.createQueue(definition.name, queue);
    }
    created.add(definition.name);
  }

  /** Runs one job; its outcome for pg-boss (a thrown error becomes `failed`: retried). */
  async function runOne(
    definition: JobDefinition<never>,
    job: Job<object>,
    deps: AppDeps = depsOf(),
  ): Promise<JobResult> {
    try {
      await definition.handler(deps, job.data as never, { id: job.id, retryCount: job.retryCount });
      return { id: job.id, status: 'completed' };
    } catch (err) {
      const e = err as { name?: string; code?: string };
      // Ids and the error's kind only: job data and messages may name people.
      logger.warn(
        {
          job: definition.name,
          jobId: job.id,
          retryCount: job.retryCount,
          err: { name: e.name, code: e.code },
        },
        'job failed; it will be retried',
      );
      // pg-boss keeps this with the job: the kind only, never a message that could quote an
      // address or a record.
      return {
        id: job.id,
        status: 'failed',
        output: {
          name: 'JobFailed',
          message: `${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''}`,
        },
      };
    }
  }
  let workingDeps: AppDeps | undefined;
  const depsOf = () => {
    if (!workingDeps) throw new Error('jobs run only after work(deps) was called');
    return workingDeps;
  };

  const running = {
    boss,
    async send(name: string, data: object, o: EnqueueOptions = {}) {
      const sendOptions: SendOptions = {
        ...(o.startAfter ? { startAfter: o.startAfter } : {}),
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
        ...(o.singletonSeconds ? { singletonSeconds: o.singletonSeconds } : {}),
        ...(o.priority ? { priority: o.priority } : {}),
        ...(o.db ? { db: kyselyExecutor(o.db) } : {}),
      };
      return boss.send(name, data, sendOptions);
    },
    async work(deps: AppDeps, definitions: readonly JobDefinition<never>[]) {
      workingDeps = deps;
      for (const definition of definitions) {
        await ensureQueue(definition);
        const concurrency = definition.concurrency ?? 2;
        await boss.work<
          object,
          unknown,
          {
            batchSize: number;
            perJobResults: true;
            burstWhenBatchFull: true;
            pollingIntervalSeconds: number;
            notifyPollingIntervalSeconds: number;
          }
        >(
          definition.name,
          {
            // A batch at a time, settled job by job: a failure retries that job only. While
            // batches come back full the worker fetches again at once (a backlog drains at the
            // handlers' pace, not one job per poll).
            batchSize: Math.max(concurrency * 4, 8),
            perJobResults: true,
            burstWhenBatchFull: true,
            pollingIntervalSeconds: polling,
            // Retries and deferred jobs send no NOTIFY: keep polling at the same pace.
            notifyPollingIntervalSeconds: polling,
          },
          async (jobs: Job<object>[]) => {
            const results: JobResult[] = [];
            let next = 0;
            const lane = async () => {
              while (next < jobs.length) {
                const job = jobs[next++]!;
                results.push(await runOne(definition, job));
              }
            };
            await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
            return results;
          },
        );
        if (definition.cron) await boss.schedule(definition.name, definition.cron, {});
      }
    },
    async stop(timeoutMs = 5_000) {
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
  return running;
}
