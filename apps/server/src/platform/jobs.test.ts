import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestApp, type TestApp } from '../../test/helpers.ts';
import { inTransaction } from './db.ts';
import { defineJob, startJobQueue } from './jobs.ts';
import { createLogger } from './logger.ts';

const ran: string[] = [];
const echo = defineJob<{ value: string }>({
  name: 'test.echo',
  async handler(_deps, data) {
    ran.push(data.value);
  },
});

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ jobs: [echo] });
});
afterAll(async () => {
  await app?.close();
});

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the job queue', () => {
  it('creates a job inside a transaction: it runs once if it commits, never if it rolls back', async () => {
    const { db } = app.database;
    await inTransaction(db, async (trx) => {
      await app.deps.jobs.send('test.echo', { value: 'committed' }, { db: trx });
    });
    await inTransaction(db, async (trx) => {
      await app.deps.jobs.send('test.echo', { value: 'rolled-back' }, { db: trx });
      throw new Error('roll back');
    }).catch(() => undefined);
    await until(() => ran.includes('committed'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toEqual(['committed']);
  });
});

void createTestDatabase;
void startJobQueue;
void createLogger;
