import { useCallback, useState } from 'react';
import { FlatList, StyleSheet, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  useMarkAllNotificationsReadMutation,
  useMarkNotificationReadMutation,
  useNotificationsQuery,
} from '@carecircle/client';
import type { Notification } from '@carecircle/core';
import { AppText } from '../../ui/AppText';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { Screen } from '../../ui/Screen';
import { spacing, usePalette } from '../../ui/theme';
import { NotificationItem } from './NotificationItem';

/**
 * The notification centre: newest first, unread ones marked, pull to refresh, older ones on
 * demand. Pressing an unread one marks it read; medication reminders can be answered in place.
 */
export function NotificationsScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  const palette = usePalette();
  const notifications = useNotificationsQuery();
  const markRead = useMarkNotificationReadMutation();
  const markAllRead = useMarkAllNotificationsReadMutation();
  const [refreshing, setRefreshing] = useState(false);

  const { mutate: markReadMutate } = markRead;
  const { refetch } = notifications;
  const onRead = useCallback(
    (notification: Notification) => markReadMutate(notification.id),
    [markReadMutate],
  );
  const onRefresh = useCallback(() => {
    setRefreshing(true);
    void refetch().finally(() => setRefreshing(false));
  }, [refetch]);

  if (notifications.isPending || (notifications.isError && notifications.isFetching)) {
    return (
      <Screen>
        <LoadingState label={t('common.loading')} />
      </Screen>
    );
  }

  if (notifications.isError) {
    const error = notifications.error;
    if (error instanceof ApiError && error.status === 401) {
      return (
        <Screen>
          <EmptyState
            testID="notifications-signed-out"
            title={tm('notifications.signedOutTitle')}
            body={tm('notifications.signedOutBody')}
            hint={tm('hints.profile')}
          />
        </Screen>
      );
    }
    const offline = error instanceof ApiError && error.status === 0;
    return (
      <Screen>
        <ErrorState
          title={tm('notifications.errorTitle')}
          message={offline ? t('common.offline') : t('common.error')}
          retryLabel={t('common.retry')}
          onRetry={() => void notifications.refetch()}
        />
      </Screen>
    );
  }

  const pages = notifications.data.pages;
  const items = pages.flatMap((page) => page.items);
  const unreadCount = pages[0]?.unreadCount ?? 0;

  const header = (
    <View style={styles.header}>
      <AppText accessibilityLiveRegion="polite" variant="muted" style={styles.summary}>
        {unreadCount > 0
          ? tm('notifications.unreadSummary', { count: unreadCount })
          : tm('notifications.allRead')}
      </AppText>
      {unreadCount > 0 ? (
        <Button
          label={tm('notifications.markAllRead')}
          variant="secondary"
          disabled={markAllRead.isPending}
          accessibilityState={{ disabled: markAllRead.isPending }}
          onPress={() => markAllRead.mutate()}
        />
      ) : null}
      {markRead.isError || markAllRead.isError ? (
        <AppText accessibilityRole="alert" style={{ color: palette.danger }}>
          {tm('notifications.markReadError')}
        </AppText>
      ) : null}
    </View>
  );

  const footer = notifications.hasNextPage ? (
    notifications.isFetchingNextPage ? (
      <LoadingState label={tm('notifications.loadingMore')} />
    ) : (
      <Button
        label={tm('notifications.loadMore')}
        variant="secondary"
        onPress={() => void notifications.fetchNextPage()}
      />
    )
  ) : null;

  return (
    <FlatList
      testID="notifications-list"
      style={{ backgroundColor: palette.background }}
      contentContainerStyle={styles.content}
      data={items}
      keyExtractor={(item) => item.id}
      renderItem={({ item }) => <NotificationItem notification={item} onRead={onRead} />}
      ListHeaderComponent={header}
      ListEmptyComponent={
        <EmptyState
          testID="notifications-empty"
          title={tm('notifications.emptyTitle')}
          body={tm('notifications.emptyBody')}
        />
      }
      ListFooterComponent={footer}
      refreshing={refreshing}
      onRefresh={onRefresh}
    />
  );
}

const styles = StyleSheet.create({
  content: { padding: spacing.md, gap: spacing.md, flexGrow: 1 },
  header: { gap: spacing.sm },
  summary: { flexShrink: 1 },
});
