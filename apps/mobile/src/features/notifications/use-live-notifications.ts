import { useContext, useEffect } from 'react';
import { AccessibilityInfo, AppState } from 'react-native';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  createRealtimeClient,
  invalidateNotifications,
  medicationKeys,
  realtimeUrlFor,
} from '@carecircle/client';
import { LiveSessionContext } from './live-session';

/**
 * Keeps the notification centre and the bell live: one realtime socket while a session is
 * provided; events only say what changed, so this refetches through the API (which checks
 * access again). New notifications are also announced to screen readers. Coming back to the
 * app refreshes them too.
 */
export function useLiveNotifications(signedIn: boolean) {
  const session = useContext(LiveSessionContext);
  const queryClient = useQueryClient();
  // The i18n instance, not `t`: a language change must not reconnect the socket.
  const { i18n } = useTranslation('mobile');

  useEffect(() => {
    if (!session) return;
    const client = createRealtimeClient({
      url: realtimeUrlFor(session.apiUrl),
      getToken: session.getToken,
      WebSocketImpl: session.WebSocketImpl,
      onEvent: (event) => {
        if (event.type === 'notification.created') {
          AccessibilityInfo.announceForAccessibility(
            i18n.t('notifications.newArrived', { ns: 'mobile' }),
          );
        }
        if (event.type.startsWith('notification.')) void invalidateNotifications(queryClient);
        if (event.type.startsWith('medication.')) {
          void queryClient.invalidateQueries({ queryKey: medicationKeys.all() });
        }
      },
    });
    return () => client.close();
  }, [session, queryClient, i18n]);

  // Back from the background: the socket may have been closed meanwhile, and without a
  // session there is no socket at all.
  useEffect(() => {
    if (!signedIn) return;
    const subscription = AppState.addEventListener('change', (state) => {
      if (state === 'active') void invalidateNotifications(queryClient);
    });
    return () => subscription.remove();
  }, [signedIn, queryClient]);
}
