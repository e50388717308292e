import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAnswerDoseMutation,
  useMarkAllNotificationsReadMutation,
  useMarkNotificationReadMutation,
  useNotificationsQuery,
  useUnreadCountQuery,
} from '@carecircle/client';
import type { DoseAnswer, Notification } from '@carecircle/core';
import { Alert, Button, ButtonLink, EmptyState, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { DoseAnswerConfirm } from './DoseAnswerConfirm.tsx';
import { NotificationItem } from './NotificationItem.tsx';
import './notifications.css';

/** Minutes a "Snooze" answer waits before reminding again. */
const SNOOZE_MINUTES = 10;

/**
 * The notification centre: newest first, all or only unread, a page at a time. Opening one marks
 * it read; medication reminders are answered here (also from a push notification's buttons,
 * which come back as `?dose=<id>&answer=taken` and are confirmed first).
 */
export function NotificationsPage() {
  const { t } = useTranslation(['web', 'common']);
  const { status } = useSessionState();
  const signedIn = status === 'signed-in';
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotificationsQuery({ unread: unreadOnly, enabled: signedIn });
  const unread = useUnreadCountQuery({ enabled: signedIn });
  const markRead = useMarkNotificationReadMutation();
  const markAll = useMarkAllNotificationsReadMutation();
  const answerDose = useAnswerDoseMutation();
  const [message, setMessage] = useState<string>();

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = unread.data?.unreadCount ?? list.data?.pages[0]?.unreadCount ?? 0;
  const failed = markRead.isError || markAll.isError || answerDose.isError;

  const open = (n: Notification) => {
    if (n.readAt === null) markRead.mutate(n.id);
  };
  const answer = (n: Notification, doseId: string, value: DoseAnswer) => {
    setMessage(undefined);
    answerDose.mutate(
      {
        doseId,
        answer: value,
        snoozeMinutes: value === 'snoozed' ? SNOOZE_MINUTES : undefined,
      },
      {
        onSuccess: () => {
          setMessage(t(`notifications.dose.answered.${value}`));
          if (n.readAt === null) markRead.mutate(n.id);
        },
      },
    );
  };

  return (
    <AreaPage title={t('notifications.title')} intro={t('notifications.intro')}>
      {!signedIn && status !== 'unknown' && <Alert title={t('notifications.signedOut')} />}
      {signedIn && (
        <>
          <DoseAnswerConfirm onAnswered={setMessage} />
          <div className="notification-toolbar">
            <div
              role="group"
              aria-label={t('notifications.filterLabel')}
              className="notification-toolbar"
            >
              <Button
                variant={unreadOnly ? 'secondary' : 'primary'}
                aria-pressed={!unreadOnly}
                onClick={() => setUnreadOnly(false)}
              >
                {t('notifications.filterAll')}
              </Button>
              <Button
                variant={unreadOnly ? 'primary' : 'secondary'}
                aria-pressed={unreadOnly}
                onClick={() => setUnreadOnly(true)}
              >
                {t('notifications.filterUnread')}
              </Button>
            </div>
            <span>{t('notifications.unreadSummary', { count: unreadCount })}</span>
            <Button
              variant="secondary"
              disabled={unreadCount === 0 || markAll.isPending}
              onClick={() => {
                setMessage(undefined);
                markAll.mutate(undefined, {
                  onSuccess: () => setMessage(t('notifications.markedAllRead')),
                });
              }}
            >
              {t('notifications.markAllRead')}
            </Button>
            <ButtonLink to="/profile/notifications" variant="quiet">
              {t('notifications.settingsLink')}
            </ButtonLink>
          </div>
          <div aria-live="polite">{message && <p>{message}</p>}</div>
          {failed && <Alert tone="error" title={t('notifications.actionFailed')} />}
          {list.isPending && <LoadingState label={t('notifications.loading')} />}
          {list.isError && (
            <Alert
              tone="error"
              title={t('notifications.failed')}
              action={
                <Button variant="secondary" onClick={() => void list.refetch()}>
                  {t('common:common.retry')}
                </Button>
              }
            />
          )}
          {list.isSuccess && items.length === 0 && (
            <EmptyState
              title={t(unreadOnly ? 'notifications.emptyUnreadTitle' : 'notifications.emptyTitle')}
              body={t(unreadOnly ? 'notifications.emptyUnreadBody' : 'notifications.emptyBody')}
            />
          )}
          {items.length > 0 && (
            <ul className="notification-list" aria-label={t('notifications.title')}>
              {items.map((n) => (
                <NotificationItem
                  key={n.id}
                  notification={n}
                  onOpen={open}
                  onMarkRead={(x) => markRead.mutate(x.id)}
                  onAnswer={answer}
                  busy={answerDose.isPending}
                />
              ))}
            </ul>
          )}
          {list.hasNextPage && (
            <Button
              variant="secondary"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {t('notifications.loadMore')}
            </Button>
          )}
        </>
      )}
    </AreaPage>
  );
}
