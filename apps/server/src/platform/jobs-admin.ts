import type { PgBoss } from 'pg-boss';
import { DEAD_LETTER_SUFFIX } from './jobs.ts';

/**
 * What operators see of the job queue (`npm run manage -- jobs:status | jobs:failed |
 * jobs:retry`): counts per queue, the jobs that failed for good (their dead-letter queue), and
 * putting those back once the cause is fixed. Ids and queue names only: job data may name people.
 */

export interface QueueStatus {
  name: string;
  /** As of pg-boss's last count (it refreshes them every minute). */
  queued: number;
  active: number;
  /** Jobs that used up their retries and wait in `<name>.dead`. */
  dead: number;
}

export async function queueStatus(boss: PgBoss): Promise<QueueStatus[]> {
  const queues = await boss.getQueues();
  const names = new Set(queues.map((q) => q.name));
  const out: QueueStatus[] = [];
  for (const q of queues) {
    if (q.name.endsWith(DEAD_LETTER_SUFFIX)) continue;
    const dead = `${q.name}${DEAD_LETTER_SUFFIX}`;
    out.push({
      name: q.name,
      queued: q.queuedCount,
      active: q.activeCount,
      // Counted now: an operator checking after a fix must see the truth.
      dead: names.has(dead) ? (await boss.findJobs(dead, { queued: true })).length : 0,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface DeadJob {
  queue: string;
  id: string;
  failedAt: Date;
}

/** Jobs that failed for good, newest first; of one queue, or of every queue. */
export async function deadJobs(boss: PgBoss, queue?: string): Promise<DeadJob[]> {
  const names = queue
    ? [queue]
    : (await boss.getQueues()).map((q) => q.name).filter((n) => !n.endsWith(DEAD_LETTER_SUFFIX));
  const out: DeadJob[] = [];
  for (const name of names) {
    const dead = `${name}${DEAD_LETTER_SUFFIX}`;
    if (!(await boss.getQueue(dead))) continue;
    for (const job of await boss.findJobs(dead, { queued: true })) {
      out.push({ queue: name, id: job.id, failedAt: job.createdOn });
    }
  }
  return out.sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime());
}

/** Puts a queue's dead jobs back into it (fresh retries); returns how many. */
export async function retryDeadJobs(boss: PgBoss, queue: string): Promise<number> {
  const dead = `${queue}${DEAD_LETTER_SUFFIX}`;
  if (!(await boss.getQueue(dead))) return 0;
  return boss.redrive(dead, { destination: queue });
}
