import type { Config } from './config.ts';
import type { DatabaseHandle } from './db.ts';
import type { Logger } from './logger.ts';
import type { Migration } from './migrate.ts';

/** What the HTTP app and every feature's routes are given: no module-level singletons. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  migrations: Migration[];
}
