import type { JobDefinition } from './jobs.ts';
import { pruneRealtimeEventsJob } from './realtime-jobs.ts';
import { notificationJobs } from '../notifications/delivery-jobs.ts';
import { appointmentChangedJob } from '../scheduling/appointment-events.ts';
import { appointmentRemindersJob } from '../scheduling/appointment-reminders.ts';
import { waitlistSweepJob } from '../scheduling/waitlist.service.ts';
import { resultNewJob } from '../records/result-alerts.ts';
import { importConnectionJob } from '../records/connections/connection-import.ts';
import { medicationJobs } from '../medications/dose-jobs.ts';

/** Every background job the server runs (each feature declares its own with defineJob). */
export const jobList: readonly JobDefinition<never>[] = [
  pruneRealtimeEventsJob,
  ...notificationJobs,
  appointmentChangedJob,
  appointmentRemindersJob,
  waitlistSweepJob,
  resultNewJob,
  importConnectionJob,
  ...medicationJobs,
];
