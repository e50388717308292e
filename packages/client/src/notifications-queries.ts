import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
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
  type MobilePushTokenInput,
  type NotificationList,
  type UpdateNotificationPreferences,
  type WebPushSubscriptionInput,
} from '@carecircle/core';
import type { ApiClient } from './api-client.ts';
import { useApiClient } from './queries.ts';

/**
 * The notification centre (issue 6): the signed-in person's own notifications, preferences and
 * push devices. Always the account's own, whoever the API client acts for. Live updates come
 * from the realtime socket, which invalidates `notificationKeys.all()`.
 */

export const notificationKeys = {
  all: () => ['notifications'] as const,
  lists: () => ['notifications', 'list'] as const,
  list: (options: { unread?: boolean }) =>
    ['notifications', 'list', options.unread ? 'unread' : 'all'] as const,
  unreadCount: () => ['notifications', 'unread-count'] as const,
  preferences: () => ['notifications', 'preferences'] as const,
  vapidKey: () => ['push', 'vapid-key'] as const,
  devices: () => ['push', 'devices'] as const,
};

/** Refetches every notification list and the unread count (after a change or a live event). */
export async function invalidateNotifications(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: notificationKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: notificationKeys.unreadCount() }),
  ]);
}

/**
 * The query of my notifications, newest first, a page at a time: shared by the hook and by
 * code that fetches outside a component (the realtime provider's toast).
 */
export function notificationListOptions(
  api: ApiClient,
  options: { unread?: boolean; limit?: number } = {},
) {
  return infiniteQueryOptions({
    queryKey: notificationKeys.list({ unread: options.unread }),
    queryFn: ({ signal, pageParam }) =>
      api.call(listNotificationsEndpoint, {
        query: {
          unread: options.unread ? 'true' : undefined,
          before: pageParam,
          limit: options.limit ?? 30,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: NotificationList) => last.nextBefore ?? undefined,
  });
}

/** My notifications, newest first, a page at a time (`fetchNextPage` loads older ones). */
export function useNotificationsQuery(
  options: { unread?: boolean; limit?: number; enabled?: boolean } = {},
) {
  const api = useApiClient();
  return useInfiniteQuery({
    ...notificationListOptions(api, options),
    enabled: options.enabled ?? true,
  });
}

/** How many of my notifications are unread (the bell). */
export function useUnreadCountQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: ({ signal }) => api.call(unreadCountEndpoint, { signal }),
    enabled: options.enabled ?? true,
    // Live updates come from the socket; refetching on focus is a slow fallback only.
    staleTime: 60_000,
    refetchOnWindowFocus: true,
  });
}

/** mutate(notificationId) */
export function useMarkNotificationReadMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: string) =>
      api.call(markNotificationReadEndpoint, { params: { notificationId } }),
    onSuccess: () => invalidateNotifications(queryClient),
  });
}

export function useMarkAllNotificationsReadMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call(markAllNotificationsReadEndpoint),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unreadCount(), result);
      return invalidateNotifications(queryClient);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Preferences

export function useNotificationPreferencesQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) => api.call(getNotificationPreferencesEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useUpdateNotificationPreferencesMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationPreferences) =>
      api.call(updateNotificationPreferencesEndpoint, { body }),
    onSuccess: (preferences) => {
      queryClient.setQueryData(notificationKeys.preferences(), preferences);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Push devices

/** The server's VAPID public key (for `PushManager.subscribe`). */
export function useVapidKeyQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: notificationKeys.vapidKey(),
    queryFn: ({ signal }) => api.call(vapidKeyEndpoint, { signal }),
    enabled: options.enabled ?? true,
    staleTime: Infinity,
  });
}

/** mutate(subscription.toJSON()) */
export function useSubscribeWebPushMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscription: WebPushSubscriptionInput) =>
      api.call(subscribeWebPushEndpoint, { body: subscription }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.devices() }),
  });
}

/** mutate(endpoint) */
export function useUnsubscribeWebPushMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: string) => api.call(unsubscribeWebPushEndpoint, { body: { endpoint } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.devices() }),
  });
}

export function useRegisterMobilePushTokenMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MobilePushTokenInput) =>
      api.call(registerMobilePushEndpoint, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.devices() }),
  });
}

export function usePushDevicesQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: notificationKeys.devices(),
    queryFn: ({ signal }) => api.call(listPushDevicesEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** mutate(deviceId) */
export function useRemovePushDeviceMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deviceId: string) => api.call(removePushDeviceEndpoint, { params: { deviceId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.devices() }),
  });
}
