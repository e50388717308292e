import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent } from '@carecircle/core';
import {
  invalidateNotifications,
  medicationKeys,
  notificationListOptions,
  realtimeUrlFor,
  schedulingKeys,
  useApiClient,
  type ApiClient,
  type RealtimeClientOptions,
  type RealtimeStatus,
} from '@carecircle/client';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';

/**
 * Live updates for the signed-in app: one socket per tab (`createRealtimeClient`, injected so
 * tests need no socket), which turns events into cache invalidations. Events carry ids only;
 * the data is fetched again through the API. A new notification is also announced as a toast.
 */

/** Opens the live connection (the real one is `createRealtimeClient` from @carecircle/client). */
export type ConnectRealtime = (options: RealtimeClientOptions) => { close(): void };

export interface NotificationToast {
  /** The notification's id. */
  id: string;
  title: string;
  url: string;
}

interface RealtimeContextValue {
  status: RealtimeStatus | 'off';
  toasts: NotificationToast[];
  dismiss: (id: string) => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  status: 'off',
  toasts: [],
  dismiss: () => undefined,
});

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}

/** At most this many toasts at once (the oldest goes). */
const MAX_TOASTS = 3;

/** Invalidates what an event says has changed (the lists refetch if someone shows them). */
export async function applyRealtimeEvent(
  queryClient: QueryClient,
  event: Pick<RealtimeEvent, 'type'>,
): Promise<void> {
  const { type } = event;
  if (type === 'notification.created' || type === 'notification.read') {
    await invalidateNotifications(queryClient);
  } else if (type.startsWith('appointment.')) {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: schedulingKeys.appointments.all() }),
      queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() }),
      queryClient.invalidateQueries({ queryKey: schedulingKeys.practice.patients() }),
    ]);
  } else if (type === 'waitlist.offer') {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
      queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() }),
    ]);
  } else if (type === 'medication.dose-updated') {
    await queryClient.invalidateQueries({ queryKey: medicationKeys.all() });
  }
}

async function toastFor(
  api: ApiClient,
  queryClient: QueryClient,
  notificationId: unknown,
): Promise<NotificationToast | undefined> {
  if (typeof notificationId !== 'string') return undefined;
  const list = await queryClient.fetchInfiniteQuery(notificationListOptions(api, {}));
  const found = list.pages[0]?.items.find((n) => n.id === notificationId);
  return found && { id: found.id, title: found.title, url: found.url };
}

export function RealtimeProvider({
  connect,
  origin,
  children,
}: {
  /** Leave out for no live updates (unit tests of other pages). */
  connect?: ConnectRealtime;
  /** The API's origin; the page's by default. */
  origin?: string;
  children: ReactNode;
}) {
  const session = useAuthSession();
  const { status: sessionStatus } = useSessionState();
  const queryClient = useQueryClient();
  const api = useApiClient();
  const [status, setStatus] = useState<RealtimeStatus | 'off'>('off');
  const [toasts, setToasts] = useState<NotificationToast[]>([]);
  // The latest values, read by the socket's callbacks without reconnecting.
  const latest = useRef({ api, queryClient, session });
  useEffect(() => {
    latest.current = { api, queryClient, session };
  }, [api, queryClient, session]);

  const signedIn = sessionStatus === 'signed-in';
  useEffect(() => {
    if (!connect || !signedIn) return undefined;
    let live = true;
    const client = connect({
      url: realtimeUrlFor(origin ?? window.location.origin),
      getToken: async () => (await latest.current.session.getAccessToken()) ?? null,
      onStatus: (next) => {
        if (!live) return;
        setStatus(next);
        // Whatever happened while the socket was being (re)opened is fetched once.
        if (next === 'open') void invalidateNotifications(latest.current.queryClient);
      },
      onEvent: (event) => {
        const { api: client, queryClient: cache } = latest.current;
        void applyRealtimeEvent(cache, event).then(async () => {
          if (event.type !== 'notification.created') return;
          const toast = await toastFor(client, cache, event.data.notificationId).catch(
            () => undefined,
          );
          if (!toast || !live) return;
          setToasts((all) => [toast, ...all.filter((x) => x.id !== toast.id)].slice(0, MAX_TOASTS));
        });
      },
    });
    return () => {
      live = false;
      client.close();
      setStatus('off');
      setToasts([]);
    };
  }, [connect, signedIn, origin]);

  const dismiss = useCallback((id: string) => {
    setToasts((all) => all.filter((x) => x.id !== id));
  }, []);
  const value = useMemo(() => ({ status, toasts, dismiss }), [status, toasts, dismiss]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
