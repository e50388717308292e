import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { Instant } from './scheduling.ts';

/**
 * Notifications, push subscriptions, preferences and realtime events (issue 6). A notification
 * is stored once per recipient and rendered in the reader's language when it is read; the
 * channels (e-mail, web push, mobile push) deliver it through the job queue, each as the
 * person's preferences and quiet hours allow. Medication schedules are in medications.ts.
 */

/** What a notification is about: the unit of the preferences grid. */
export const NotificationCategory = z
  .enum([
    'appointments',
    'reminders',
    'medications',
    'results',
    'health-events',
    'care-circle',
    'messages',
    'community',
    'account',
  ])
  .meta({ id: 'NotificationCategory' });
export type NotificationCategory = z.infer<typeof NotificationCategory>;
export const NOTIFICATION_CATEGORIES = NotificationCategory.options;

/** Ways a notification leaves the app. The in-app centre always has every notification. */
export const NotificationChannel = z
  .enum(['email', 'web-push', 'mobile-push'])
  .meta({ id: 'NotificationChannel' });
export type NotificationChannel = z.infer<typeof NotificationChannel>;
export const NOTIFICATION_CHANNELS = NotificationChannel.options;

/** What happened; decides the words (rendered per reader locale) and the category. */
export const NotificationKind = z
  .enum([
    'appointment.booked',
    'appointment.rescheduled',
    'appointment.cancelled',
    'appointment.checked-in',
    'appointment.reminder',
    'waitlist.offer',
    'medication.due',
    'medication.missed',
    'result.new',
    'health-event.upcoming',
  ])
  .meta({ id: 'NotificationKind' });
export type NotificationKind = z.infer<typeof NotificationKind>;

/** The category of each kind (preferences are per category). */
export const notificationCategoryOf: Record<NotificationKind, NotificationCategory> = {
  'appointment.booked': 'appointments',
  'appointment.rescheduled': 'appointments',
  'appointment.cancelled': 'appointments',
  'appointment.checked-in': 'appointments',
  'appointment.reminder': 'reminders',
  'waitlist.offer': 'appointments',
  'medication.due': 'medications',
  'medication.missed': 'medications',
  'result.new': 'results',
  'health-event.upcoming': 'health-events',
};

/** An answer to a medication reminder, offered as buttons on the notification. */
export const DoseAnswer = z.enum(['taken', 'skipped', 'snoozed']).meta({ id: 'DoseAnswer' });
export type DoseAnswer = z.infer<typeof DoseAnswer>;

export const NotificationAction = z
  .object({
    /** `dose:taken` etc. answer the dose named in `doseId`; `open` follows `url`. */
    id: z.enum(['open', 'dose:taken', 'dose:skipped', 'dose:snoozed']),
    label: z.string(),
    doseId: z.uuid().optional(),
  })
  .meta({ id: 'NotificationAction' });
export type NotificationAction = z.infer<typeof NotificationAction>;

export const Notification = z
  .object({
    id: z.uuid(),
    kind: NotificationKind,
    category: NotificationCategory,
    /** Rendered in the reader's language. */
    title: z.string(),
    body: z.string(),
    /** Where in the app it leads, a path such as `/appointments/…`. */
    url: z.string(),
    /** Urgent notifications are not held back by quiet hours. */
    urgent: z.boolean(),
    /** The patient it is about, when it is about someone the reader cares for. */
    patient: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    actions: z.array(NotificationAction),
    createdAt: Instant,
    readAt: Instant.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  /** Only unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  /** The `nextBefore` of the previous page. */
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const NotificationList = z
  .object({
    items: z.array(Notification),
    unreadCount: z.number().int().min(0),
    /** Pass as `before` for the next (older) page; null at the end. */
    nextBefore: z.string().nullable(),
  })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.infer<typeof NotificationList>;

export const UnreadCount = z
  .object({ unreadCount: z.number().int().min(0) })
  .meta({ id: 'UnreadCount' });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const NotificationParams = z.object({ notificationId: z.uuid() });

// ---------------------------------------------------------------------------------------------
// Preferences and quiet hours

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time as HH:MM (24 h)');

export const ChannelSwitches = z.object({
  email: z.boolean(),
  'web-push': z.boolean(),
  'mobile-push': z.boolean(),
});
export type ChannelSwitches = z.infer<typeof ChannelSwitches>;

export const QuietHours = z
  .object({
    enabled: z.boolean(),
    /** Local wall-clock times in the person's time zone; may wrap midnight (22:00–07:00). */
    start: ClockTime,
    end: ClockTime,
  })
  .refine((q) => !q.enabled || q.start !== q.end, {
    path: ['end'],
    message: 'Quiet hours must end at another time than they start',
  })
  .meta({ id: 'QuietHours' });
export type QuietHours = z.infer<typeof QuietHours>;

export const NotificationPreferences = z
  .object({
    /** Every category, each with every channel on or off. */
    channels: z.record(NotificationCategory, ChannelSwitches),
    quietHours: QuietHours,
    /** The zone quiet hours and reminders are in (the account's). */
    timeZone: z.string(),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const UpdateNotificationPreferences = z
  .object({
    channels: z.partialRecord(NotificationCategory, ChannelSwitches.partial()).optional(),
    quietHours: QuietHours.optional(),
  })
  .meta({ id: 'UpdateNotificationPreferences' });
export type UpdateNotificationPreferences = z.infer<typeof UpdateNotificationPreferences>;

/** What a new account gets: e-mail and push for everything (quiet hours off). */
export const DEFAULT_CHANNELS: ChannelSwitches = {
  email: true,
  'web-push': true,
  'mobile-push': true,
};
export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: false, start: '22:00', end: '07:00' };

// ---------------------------------------------------------------------------------------------
// Push subscriptions

export const VapidKey = z
  .object({ publicKey: z.string().describe('The application server key, base64url') })
  .meta({ id: 'VapidKey' });

/** A browser's PushSubscription.toJSON(). */
export const WebPushSubscriptionInput = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, message: 'Must be the push service URL' }).max(2000),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: z
        .string()
        .regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'Must be the P-256 public key, base64url'),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, 'Must be 16 bytes, base64url'),
    }),
  })
  .meta({ id: 'WebPushSubscriptionInput' });
export type WebPushSubscriptionInput = z.infer<typeof WebPushSubscriptionInput>;

export const MobilePushTokenInput = z
  .object({
    token: z
      .string()
      .regex(
        /^Expo(nent)?PushToken\[[A-Za-z0-9_-]{10,100}\]$/,
        'Must be an Expo push token, ExponentPushToken[…]',
      ),
    platform: z.enum(['ios', 'android', 'web']),
    deviceName: z.string().trim().max(100).optional(),
  })
  .meta({ id: 'MobilePushTokenInput' });
export type MobilePushTokenInput = z.infer<typeof MobilePushTokenInput>;

export const PushDevice = z
  .object({
    id: z.uuid(),
    kind: z.enum(['web', 'mobile']),
    /** "Chrome on Linux", "Maria's iPhone"… */
    label: z.string(),
    createdAt: Instant,
    lastUsedAt: Instant.nullable(),
  })
  .meta({ id: 'PushDevice' });
export type PushDevice = z.infer<typeof PushDevice>;

export const PushDeviceParams = z.object({ deviceId: z.uuid() });
export const UnsubscribeWebPush = z.object({ endpoint: z.url().max(2000) });

// ---------------------------------------------------------------------------------------------
// Realtime

/**
 * Realtime event types. Every event carries ids and what a list needs to refresh, never health
 * data: clients fetch the details through the API (which checks access again). New features
 * add types here (messages, typing, help requests, call signalling); the socket does not change.
 */
export const RealtimeEventType = z.enum([
  'notification.created',
  'notification.read',
  'appointment.created',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.checked-in',
  'appointment.updated',
  'waitlist.offer',
  'medication.dose-updated',
]);
export type RealtimeEventType = z.infer<typeof RealtimeEventType>;

export const RealtimeEvent = z
  .object({
    /** Increasing per server cluster; clients resume after the last one they saw. */
    id: z.string().regex(/^\d+$/),
    type: z.string(),
    at: Instant,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'RealtimeEvent' });
export type RealtimeEvent = z.infer<typeof RealtimeEvent>;

/** The socket's path (same origin as the API). */
export const REALTIME_PATH = '/api/v1/realtime';
/** How long a socket may stay unauthenticated before it is closed. */
export const REALTIME_AUTH_TIMEOUT_MS = 5_000;
/** Close codes the client acts on. */
export const REALTIME_CLOSE = {
  /** No valid token (never sent, invalid, revoked): sign in again, do not retry blindly. */
  unauthorized: 4401,
  /** The token expired: refresh it and reconnect. */
  tokenExpired: 4001,
  /** The client broke the protocol (junk frames, too large). */
  protocolError: 4400,
  /** The server is shutting down: reconnect (to another instance). */
  goingAway: 1001,
} as const;

/** Client → server messages. */
export const RealtimeClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(10).max(8000) }),
  /** Send every event after this id (the last one seen), then live ones. */
  z.object({ type: z.literal('resume'), after: z.string().regex(/^\d+$/) }),
  z.object({ type: z.literal('ping') }),
]);
export type RealtimeClientMessage = z.infer<typeof RealtimeClientMessage>;

/** Server → client messages. */
export type RealtimeServerMessage =
  | { type: 'ready'; accountId: string; lastEventId: string; expiresAt: string }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

export const RealtimeCatchUpQuery = z.object({
  after: z.string().regex(/^\d+$/, 'Must be an event id'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const RealtimeCatchUp = z
  .object({ events: z.array(RealtimeEvent), more: z.boolean() })
  .meta({ id: 'RealtimeCatchUp' });

// ---------------------------------------------------------------------------------------------
// Endpoints

const tags = ['notifications'];

export const listNotificationsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/notifications',
  operationId: 'listNotifications',
  summary: 'My notifications, newest first, with the unread count',
  tags,
  query: NotificationListQuery,
  status: 200,
  response: NotificationList,
  auth: true,
});

export const unreadCountEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/notifications/unread-count',
  operationId: 'getUnreadNotificationCount',
  summary: 'How many of my notifications are unread',
  tags,
  status: 200,
  response: UnreadCount,
  auth: true,
});

export const markNotificationReadEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/notifications/:notificationId/read',
  operationId: 'markNotificationRead',
  summary: 'Mark one notification read',
  tags,
  params: NotificationParams,
  status: 200,
  response: Notification,
  auth: true,
});

export const markAllNotificationsReadEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/notifications/read-all',
  operationId: 'markAllNotificationsRead',
  summary: 'Mark every notification read',
  tags,
  status: 200,
  response: UnreadCount,
  auth: true,
});

export const getNotificationPreferencesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/notification-preferences',
  operationId: 'getNotificationPreferences',
  summary: 'Which channels each kind of notification uses, and quiet hours',
  tags,
  status: 200,
  response: NotificationPreferences,
  auth: true,
});

export const updateNotificationPreferencesEndpoint = defineEndpoint({
  method: 'patch',
  path: '/api/v1/notification-preferences',
  operationId: 'updateNotificationPreferences',
  summary: 'Change channels per category and quiet hours',
  tags,
  body: UpdateNotificationPreferences,
  status: 200,
  response: NotificationPreferences,
  auth: true,
});

export const vapidKeyEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/push/web/vapid-key',
  operationId: 'getVapidKey',
  summary: "The server's VAPID public key, for PushManager.subscribe",
  tags,
  status: 200,
  response: VapidKey,
  auth: false,
});

export const subscribeWebPushEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/push/web/subscriptions',
  operationId: 'subscribeWebPush',
  summary: "Register this browser's push subscription (again is fine)",
  tags,
  body: WebPushSubscriptionInput,
  status: 201,
  response: PushDevice,
  auth: true,
});

export const unsubscribeWebPushEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/push/web/unsubscribe',
  operationId: 'unsubscribeWebPush',
  summary: "Forget this browser's push subscription",
  tags,
  body: UnsubscribeWebPush,
  status: 204,
  response: z.undefined(),
  auth: true,
});

export const registerMobilePushEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/push/mobile/tokens',
  operationId: 'registerMobilePushToken',
  summary: "Register this phone's Expo push token (again is fine)",
  tags,
  body: MobilePushTokenInput,
  status: 201,
  response: PushDevice,
  auth: true,
});

export const listPushDevicesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/push/devices',
  operationId: 'listPushDevices',
  summary: 'Browsers and phones that receive my push notifications',
  tags,
  status: 200,
  response: z.object({ devices: z.array(PushDevice) }),
  auth: true,
});

export const removePushDeviceEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/push/devices/:deviceId',
  operationId: 'removePushDevice',
  summary: 'Stop push notifications to one browser or phone',
  tags,
  params: PushDeviceParams,
  status: 204,
  response: z.undefined(),
  auth: true,
});

export const realtimeCatchUpEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/realtime/events',
  operationId: 'listRealtimeEvents',
  summary: 'Events for me after an id (what a reconnecting client missed)',
  tags: ['realtime'],
  query: RealtimeCatchUpQuery,
  status: 200,
  response: RealtimeCatchUp,
  auth: true,
});

export const notificationEndpoints = [
  listNotificationsEndpoint,
  unreadCountEndpoint,
  markNotificationReadEndpoint,
  markAllNotificationsReadEndpoint,
  getNotificationPreferencesEndpoint,
  updateNotificationPreferencesEndpoint,
  vapidKeyEndpoint,
  subscribeWebPushEndpoint,
  unsubscribeWebPushEndpoint,
  registerMobilePushEndpoint,
  listPushDevicesEndpoint,
  removePushDeviceEndpoint,
  realtimeCatchUpEndpoint,
];
