import { defineJob } from './jobs.ts';
import { REALTIME_RETENTION_DAYS } from './realtime-hub.ts';

/** Realtime events older than the retention are deleted once an hour. */
export const pruneRealtimeEventsJob = defineJob<object>({
  name: 'realtime.prune',
  cron: '17 * * * *',
  queue: { policy: 'singleton', retryLimit: 2 },
  async handler(deps) {
    const cutoff = new Date(deps.clock.now().getTime() - REALTIME_RETENTION_DAYS * 86_400_000);
    await deps.database.db.deleteFrom('realtime_events').where('created_at', '<', cutoff).execute();
  },
});
