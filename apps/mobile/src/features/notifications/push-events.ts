import type { NotificationResponse } from 'expo-notifications';
import type { DoseAnswer } from '@carecircle/core';

/**
 * What the app hears from push notifications on the phone: one arriving while the app is open,
 * and the person's response to one (opening it, or a Taken / Skip / Snooze button of a
 * medication reminder). The server sends `categoryId` = the notification kind and
 * `data: { notificationId, url, kind, doseId? }` (apps/server/src/notifications/expo-push-channel.ts).
 */
export interface PushResponse {
  notificationId?: string;
  /** Set when a dose button was pressed. */
  answer?: DoseAnswer;
  doseId?: string;
}

export interface PushEvents {
  onReceived: () => void;
  onResponse: (response: PushResponse) => void;
}

/** Button titles of the medication reminder category, in the app's language. */
export interface DoseButtonTitles {
  taken: string;
  skip: string;
  snooze: string;
}

/** Starts listening; returns the function that stops. */
export type ListenToPush = (events: PushEvents, titles: DoseButtonTitles) => () => void;

const answerOfAction: Record<string, DoseAnswer> = {
  'dose:taken': 'taken',
  'dose:skipped': 'skipped',
  'dose:snoozed': 'snoozed',
};

/** A response as expo-notifications gives it, reduced to what the app acts on. */
export function toPushResponse(actionIdentifier: string, data: unknown): PushResponse {
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const answer = answerOfAction[actionIdentifier];
  const doseId = text(fields.doseId);
  return {
    notificationId: text(fields.notificationId),
    ...(answer && doseId ? { answer, doseId } : {}),
  };
}

/**
 * The native implementation: shows notifications that arrive while the app is open, offers the
 * dose buttons on medication reminders (`medication.due`), and reports responses, including
 * the one that started the app. expo-notifications is loaded only once this is called, i.e.
 * once someone is signed in.
 */
export const listenToPush: ListenToPush = (events, titles) => {
  let stopped = false;
  const subscriptions: { remove(): void }[] = [];
  const handled = new Set<string>();
  void import('expo-notifications')
    .then(async (Notifications) => {
      if (stopped) return;
      const respond = (response: NotificationResponse) => {
        // The response that launched the app can arrive twice (listener and "last response").
        const key = `${response.notification.request.identifier}|${response.actionIdentifier}`;
        if (handled.has(key)) return;
        handled.add(key);
        events.onResponse(
          toPushResponse(response.actionIdentifier, response.notification.request.content.data),
        );
      };
      Notifications.setNotificationHandler({
        handleNotification: () =>
          Promise.resolve({
            shouldShowBanner: true,
            shouldShowList: true,
            shouldPlaySound: true,
            shouldSetBadge: false,
          }),
      });
      subscriptions.push(Notifications.addNotificationReceivedListener(() => events.onReceived()));
      subscriptions.push(Notifications.addNotificationResponseReceivedListener(respond));
      await Notifications.setNotificationCategoryAsync('medication.due', [
        {
          identifier: 'dose:taken',
          buttonTitle: titles.taken,
          options: { opensAppToForeground: true },
        },
        {
          identifier: 'dose:skipped',
          buttonTitle: titles.skip,
          options: { opensAppToForeground: true },
        },
        {
          identifier: 'dose:snoozed',
          buttonTitle: titles.snooze,
          options: { opensAppToForeground: true },
        },
      ]);
      const last = Notifications.getLastNotificationResponse();
      if (last && !stopped) {
        respond(last);
        Notifications.clearLastNotificationResponse();
      }
    })
    .catch(() => undefined); // No push on this device (Expo Go on Android, a simulator).
  return () => {
    stopped = true;
    for (const subscription of subscriptions) subscription.remove();
  };
};
