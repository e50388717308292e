import { useUnreadCountQuery } from '@carecircle/client';
import { listenToPush as defaultListenToPush, type ListenToPush } from './push-events';
import {
  getPushRegistration as defaultGetPushRegistration,
  type GetPushRegistration,
} from './push-registration';
import { useLiveNotifications } from './use-live-notifications';
import { usePushRegistration } from './use-push-registration';
import { usePushResponses } from './use-push-responses';

export interface NotificationsSyncProps {
  /** Tests pass fakes; the app uses expo-notifications (nothing on web). */
  getPushRegistration?: GetPushRegistration;
  listenToPush?: ListenToPush;
}

/**
 * Rendered once at the app's root, inside the router: live updates over the realtime socket,
 * this phone's push registration and what the person does with a push notification. Push
 * starts only once the API knows who is using the app (the unread count loads only for someone
 * signed in), so nobody is asked for permission before signing in. Draws nothing.
 */
export function NotificationsSync({
  getPushRegistration = defaultGetPushRegistration,
  listenToPush = defaultListenToPush,
}: NotificationsSyncProps) {
  const signedIn = useUnreadCountQuery().isSuccess;
  useLiveNotifications(signedIn);
  usePushRegistration(getPushRegistration, signedIn);
  usePushResponses(listenToPush, signedIn);
  return null;
}
