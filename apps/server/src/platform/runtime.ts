import type http from 'node:http';
import type { AppDeps } from './app-deps.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db.ts';
import { jobList } from './job-list.ts';
import { startJobQueue, type JobDefinition } from './jobs.ts';
import type { Logger } from './logger.ts';
import type { Migration } from './migrate.ts';
import { attachRealtimeGateway } from './realtime-gateway.ts';
import { startRealtimeHub } from './realtime-hub.ts';
import type { OidcRuntime } from '../identity/oidc.ts';
import { vapidKeys } from '../notifications/vapid.ts';

export interface Runtime {
  deps: AppDeps;
  /** Serves the realtime WebSocket endpoint on this HTTP server. */
  attach(server: http.Server): void;
  /**
   * Says goodbye (1001) to every socket, so clients reconnect elsewhere: an upgraded socket
   * would otherwise keep the HTTP server from closing.
   */
  closeSockets(): Promise<void>;
  /** Stops the workers (running jobs finish), the realtime hub and the sockets. */
  stop(): Promise<void>;
}

/**
 * Everything an instance runs besides HTTP: the job queue with its workers and the realtime
 * hub. Shared by the server's start-up and the tests' apps, so tests run the same machinery.
 */
export async function startRuntime(input: {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  connectionString: string;
  migrations: Migration[];
  oidc: OidcRuntime;
  clock?: Clock;
  /** Which jobs this instance works on (default: all). Tests may pass fewer. */
  jobs?: readonly JobDefinition<never>[];
}): Promise<Runtime> {
  const { config, logger, database } = input;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const jobs = await startJobQueue({
      connectionString: input.connectionString,
      logger,
      max: config.env === 'test' ? 2 : 4,
      pollingIntervalSeconds: config.jobPollSeconds,
    });
    stops.push(() => jobs.stop());
    const realtime = await startRealtimeHub({
      db: database.db,
      connectionString: input.connectionString,
      redisUrl: config.redisUrl,
      logger,
    });
    stops.push(() => realtime.stop());
    const deps: AppDeps = {
      config,
      logger,
      database,
      migrations: input.migrations,
      oidc: input.oidc,
      clock: input.clock ?? systemClock,
      jobs,
      realtime,
    };
    await jobs.work(deps, input.jobs ?? jobList);
    // The web push key pair exists from the first start on (made once, then kept).
    await vapidKeys(database.db);
    let gateway: { close(): Promise<void> } | undefined;
    return {
      deps,
      attach(server) {
        gateway = attachRealtimeGateway(server, deps);
        // Sockets close first, so clients reconnect to another instance while this one drains.
        stops.push(() => gateway?.close() ?? Promise.resolve());
      },
      async closeSockets() {
        await gateway?.close();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
