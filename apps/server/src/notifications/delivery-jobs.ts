import type { JobDefinition } from '../platform/jobs.ts';
import { channelJob, deliverNotificationJob } from './delivery.ts';
import { sendNotificationEmail } from './email-channel.ts';
import { sendExpoPush } from './expo-push-channel.ts';
import { sendWebPush } from './web-push-channel.ts';

/** The notification delivery jobs: the first decision, then one job per channel. */
export const deliverEmailJob = channelJob('email', sendNotificationEmail);
export const deliverWebPushJob = channelJob('web-push', sendWebPush);
export const deliverMobilePushJob = channelJob('mobile-push', sendExpoPush);

export const notificationJobs: readonly JobDefinition<never>[] = [
  deliverNotificationJob,
  deliverEmailJob,
  deliverWebPushJob,
  deliverMobilePushJob,
];
