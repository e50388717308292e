import type { JobDefinition } from './jobs.ts';
import { pruneRealtimeEventsJob } from './realtime-jobs.ts';

/** Every background job the server runs (each feature declares its own with defineJob). */
export const jobList: readonly JobDefinition<never>[] = [pruneRealtimeEventsJob];
