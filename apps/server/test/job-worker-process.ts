/**
 * A server instance's job worker in its own process, for the test that kills it mid-job:
 * `node job-worker-process.ts <database url> <queue>`. It prints `started <id>` when a job of
 * the queue starts, and never finishes one.
 */
import { defineJob, startJobQueue } from '../src/platform/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';

const [url, queue] = process.argv.slice(2);
const jobs = await startJobQueue({
  connectionString: url!,
  logger: createLogger({ logLevel: 'silent' }),
  max: 2,
  pollingIntervalSeconds: 0.5,
});
await jobs.work({} as never, [
  defineJob<{ id: string }>({
    name: queue!,
    queue: { expireInSeconds: 2, retryDelay: 1, retryBackoff: false },
    handler(_deps, data) {
      process.stdout.write(`started ${data.id}\n`);
      return new Promise(() => undefined); // killed before it ends
    },
  }),
]);
process.stdout.write('ready\n');
