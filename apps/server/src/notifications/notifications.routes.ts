import type { Router } from 'express';
import {
  getNotificationPreferencesEndpoint,
  listNotificationsEndpoint,
  listPushDevicesEndpoint,
  markAllNotificationsReadEndpoint,
  markNotificationReadEndpoint,
  registerMobilePushEndpoint,
  removePushDeviceEndpoint,
  subscribeWebPushEndpoint,
  unreadCountEndpoint,
  unsubscribeWebPushEndpoint,
  updateNotificationPreferencesEndpoint,
  vapidKeyEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  listNotifications,
  localeFromHeader,
  markAllRead,
  markRead,
  unreadCount,
} from './notifications.service.ts';
import { getPreferences, updatePreferences } from './preferences.service.ts';
import {
  listPushDevices,
  registerMobilePushToken,
  removePushDevice,
  subscribeWebPush,
  unsubscribeWebPush,
} from './push-devices.service.ts';
import { vapidKeys } from './vapid.ts';

/**
 * The notification centre, preferences and push registration (`/api/v1/notifications*`,
 * `/api/v1/notification-preferences`, `/api/v1/push/*`). Everything here is about the signed-in
 * person's own notifications and devices.
 */
export function notificationRoutes(router: Router, deps: AppDeps): void {
  const db = deps.database.db;
  // Before `/:notificationId/read` would never clash, but keep the fixed paths first anyway.
  route(router, unreadCountEndpoint, ({ ctx }) => unreadCount(deps, ctx.actor!));
  route(router, markAllNotificationsReadEndpoint, ({ ctx }) => markAllRead(deps, ctx.actor!));
  // Rendered in the language the app shows (Accept-Language), else the account's.
  route(router, listNotificationsEndpoint, ({ ctx, query, req }) =>
    listNotifications(deps, ctx.actor!, query, localeFromHeader(req.get('accept-language'))),
  );
  route(router, markNotificationReadEndpoint, ({ ctx, params, req }) =>
    markRead(deps, ctx.actor!, params.notificationId, localeFromHeader(req.get('accept-language'))),
  );

  route(router, getNotificationPreferencesEndpoint, ({ ctx }) => getPreferences(db, ctx.actor!.id));
  route(router, updateNotificationPreferencesEndpoint, ({ ctx, body }) =>
    updatePreferences(db, ctx.actor!.id, body),
  );

  route(router, vapidKeyEndpoint, async () => ({ publicKey: (await vapidKeys(db)).publicKey }));
  route(router, subscribeWebPushEndpoint, ({ ctx, body, req }) =>
    subscribeWebPush(db, ctx.actor!, body, req.get('user-agent'), deps.config.env),
  );
  route(router, unsubscribeWebPushEndpoint, async ({ ctx, body }) => {
    await unsubscribeWebPush(db, ctx.actor!, body.endpoint);
    return undefined;
  });
  route(router, registerMobilePushEndpoint, ({ ctx, body }) =>
    registerMobilePushToken(db, ctx.actor!, body),
  );
  route(router, listPushDevicesEndpoint, ({ ctx }) => listPushDevices(db, ctx.actor!));
  route(router, removePushDeviceEndpoint, async ({ ctx, params }) => {
    await removePushDevice(db, ctx.actor!, params.deviceId);
    return undefined;
  });
}
