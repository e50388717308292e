import type { RealtimeEvent } from '@carecircle/core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { sql, type Generated } from 'kysely';
import type { Db } from './db.ts';
import type { Logger } from './logger.ts';

/**
 * The realtime hub: stores events for their recipients (`realtime_events`, one row each) and
 * tells every server instance that there are new ones, through PostgreSQL LISTEN/NOTIFY, or
 * through Redis pub/sub when REDIS_URL is set. Each instance then loads the new rows of the
 * accounts that have a socket on it and hands them to its socket gateway. The rows are also
 * what a reconnecting client catches up on, so a dropped connection loses nothing.
 *
 * Who receives an event is decided by the publisher through access/ (the patient, caregivers
 * whose grant allows it, the provider…), never by anything a client sends.
 */

declare module './db.ts' {
  interface Database {
    realtime_events: {
      id: Generated<string>;
      account_id: string;
      type: string;
      data: unknown;
      created_at: Generated<Date>;
    };
  }
}

export interface NewRealtimeEvent {
  /** The recipient. */
  accountId: string;
  /** e.g. `appointment.created`; see RealtimeEventType in the contract. */
  type: string;
  /** Ids and list hints only: never health data. */
  data?: Record<string, unknown>;
}

export interface StoredRealtimeEvent {
  accountId: string;
  event: RealtimeEvent;
}

type Listener = (events: StoredRealtimeEvent[]) => void;

export interface RealtimeHub {
  readonly transport: 'postgres' | 'redis';
  /** Stores the events and wakes every instance. Call after the change they announce committed. */
  publish(events: readonly NewRealtimeEvent[]): Promise<void>;
  /**
   * The socket gateway's subscription: `accounts()` names the accounts with a socket here (only
   * their events are loaded); `listener` gets them, possibly more than once (dedupe by id).
   */
  subscribe(accounts: () => Iterable<string>, listener: Listener): () => void;
  /** What a reconnecting client missed: this account's events after `afterId`, oldest first. */
  eventsAfter(accountId: string, afterId: string, limit: number): Promise<RealtimeEvent[]>;
  /** The id of this account's newest event ('0' when none). */
  lastEventId(accountId: string): Promise<string>;
  stop(): Promise<void>;
}

export const REALTIME_CHANNEL = 'carecircle_realtime';
/** Advisory lock taken while events are inserted (any constant unique to this use). */
const PUBLISH_LOCK_KEY = 720_301_006;
const MAX_EVENT_ID = 2n ** 63n - 1n;
/** Events older than this are pruned (a client away longer reloads its lists instead). */
export const REALTIME_RETENTION_DAYS = 7;

interface Announcement {
  from: string;
  to: string;
}

function toEvent(row: {
  id: string;
  type: string;
  data: unknown;
  created_at: Date;
}): RealtimeEvent {
  return {
    id: String(row.id),
    type: row.type,
    at: row.created_at.toISOString(),
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}

/** The fan-out between instances: announce new id ranges, hear other instances' announcements. */
interface Transport {
  announce(a: Announcement): Promise<void>;
  /** `onResync` runs after a reconnect: announcements may have been missed meanwhile. */
  listen(onAnnouncement: (a: Announcement) => void, onResync: () => void): Promise<void>;
  close(): Promise<void>;
}

function postgresTransport(connectionString: string, db: Db, logger: Logger): Transport {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  return {
    async announce(a) {
      await sql`SELECT pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(a)})`.execute(db);
    },
    async listen(onAnnouncement, onResync) {
      const connect = async (isRetry: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString, application_name: 'carecircle-realtime' });
        c.on('notification', (msg) => {
          if (msg.channel !== REALTIME_CHANNEL || !msg.payload) return;
          try {
            onAnnouncement(JSON.parse(msg.payload) as Announcement);
          } catch {
            /* not ours */
          }
        });
        c.on('error', (err: Error & { code?: string }) => {
          logger.warn({ code: err.code }, 'realtime LISTEN connection lost; reconnecting');
          void c.end().catch(() => undefined);
          if (client === c) client = undefined;
          if (!closed) retry = setTimeout(() => void connect(true).catch(() => undefined), 1_000);
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${REALTIME_CHANNEL}`);
        } catch (err) {
          void c.end().catch(() => undefined);
          if (!isRetry) throw err;
          if (!closed) retry = setTimeout(() => void connect(true).catch(() => undefined), 2_000);
          return;
        }
        client = c;
        if (isRetry) onResync();
      };
      await connect(false);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

function redisTransport(redisUrl: string, logger: Logger): Transport {
  const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(redisUrl, { lazyConnect: true });
  pub.on('error', (err: Error) =>
    logger.warn({ err: { name: err.name } }, 'redis publisher error'),
  );
  sub.on('error', (err: Error) =>
    logger.warn({ err: { name: err.name } }, 'redis subscriber error'),
  );
  return {
    async announce(a) {
      await pub.publish(REALTIME_CHANNEL, JSON.stringify(a));
    },
    async listen(onAnnouncement, onResync) {
      await pub.connect();
      await sub.connect();
      let first = true;
      sub.on('ready', () => {
        if (!first) onResync();
        first = false;
      });
      sub.on('message', (channel: string, message: string) => {
        if (channel !== REALTIME_CHANNEL) return;
        try {
          onAnnouncement(JSON.parse(message) as Announcement);
        } catch {
          /* not ours */
        }
      });
      await sub.subscribe(REALTIME_CHANNEL);
      first = false;
    },
    close() {
      sub.disconnect();
      pub.disconnect();
      return Promise.resolve();
    },
  };
}

/** Starts the hub on LISTEN/NOTIFY, or on Redis when `redisUrl` is given. */
export async function startRealtimeHub(options: {
  db: Db;
  connectionString: string;
  redisUrl?: string | undefined;
  logger: Logger;
}): Promise<RealtimeHub> {
  const { db, logger } = options;
  const transport = options.redisUrl
    ? redisTransport(options.redisUrl, logger)
    : postgresTransport(options.connectionString, db, logger);
  const subscribers = new Set<{ accounts: () => Iterable<string>; listener: Listener }>();
  /** Highest id this instance has loaded: after a reconnect, everything newer is loaded. */
  let seen = '0';

  async function load(range: { from: string; to: string | null }) {
    for (const s of subscribers) {
      const accounts = [...s.accounts()];
      if (accounts.length === 0) continue;
      let q = db
        .selectFrom('realtime_events')
        .select(['id', 'account_id', 'type', 'data', 'created_at'])
        .where('id', '>=', range.from)
        // One array parameter, however many accounts have a socket here (no 65,535-parameter cap).
        .where(sql<boolean>`account_id = ANY(${accounts}::uuid[])`)
        .orderBy('id');
      if (range.to) q = q.where('id', '<=', range.to);
      const rows = await q.execute();
      if (rows.length === 0) continue;
      for (const r of rows) if (BigInt(r.id) > BigInt(seen)) seen = String(r.id);
      s.listener(rows.map((r) => ({ accountId: r.account_id, event: toEvent(r) })));
    }
  }

  const onError = (err: unknown) =>
    logger.warn({ err: { name: (err as Error).name } }, 'realtime events could not be loaded');

  await transport.listen(
    (a) => {
      if (BigInt(a.to) > BigInt(seen)) seen = a.to;
      load(a).catch(onError);
    },
    () => {
      load({ from: String(BigInt(seen) + 1n), to: null }).catch(onError);
    },
  );

  return {
    transport: options.redisUrl ? 'redis' : 'postgres',
    async publish(events) {
      if (events.length === 0) return;
      // Ids must become visible in their order, or a client resuming after id n could miss an
      // n-1 that committed just after it: publishers take turns (the lock ends with the commit).
      const rows = await db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`.execute(trx);
        return trx
          .insertInto('realtime_events')
          .values(
            events.map((e) => ({
              account_id: e.accountId,
              type: e.type,
              data: JSON.stringify(e.data ?? {}),
            })),
          )
          .returning('id')
          .execute();
      });
      const ids = rows.map((r) => BigInt(r.id));
      const from = ids.reduce((a, b) => (b < a ? b : a));
      const to = ids.reduce((a, b) => (b > a ? b : a));
      await transport.announce({ from: String(from), to: String(to) });
    },
    subscribe(accounts, listener) {
      const s = { accounts, listener };
      subscribers.add(s);
      return () => subscribers.delete(s);
    },
    async eventsAfter(accountId, afterId, limit) {
      // An id beyond bigint (a client's junk) has nothing after it, rather than a SQL error.
      if (BigInt(afterId) > MAX_EVENT_ID) return [];
      const rows = await db
        .selectFrom('realtime_events')
        .select(['id', 'type', 'data', 'created_at'])
        .where('account_id', '=', accountId)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
    async lastEventId(accountId) {
      const row = await db
        .selectFrom('realtime_events')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row?.id ? String(row.id) : '0';
    },
    async stop() {
      subscribers.clear();
      await transport.close();
    },
  };
}
