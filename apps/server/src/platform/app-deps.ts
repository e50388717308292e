import type { Config } from './config.ts';
import type { DatabaseHandle } from './db.ts';
import type { Logger } from './logger.ts';
import type { Migration } from './migrate.ts';
import type { OidcRuntime } from '../identity/oidc.ts';
import type { Clock } from './clock.ts';
import type { JobQueue } from './jobs.ts';
import type { RealtimeHub } from './realtime-hub.ts';

/** What the HTTP app and every feature's routes are given: no module-level singletons. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  migrations: Migration[];
  /** The OAuth 2.0 / OpenID Connect authorization server and what verifying its tokens needs. */
  oidc: OidcRuntime;
  /** The time reminders and schedules act on (tests set it). */
  clock: Clock;
  /** The job queue (pg-boss): enqueue side effects that can fail or wait. */
  jobs: JobQueue;
  /** Realtime events to people's open apps, on every instance. */
  realtime: RealtimeHub;
}
