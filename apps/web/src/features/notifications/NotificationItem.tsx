import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DoseAnswer, Notification } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button } from '../../ui/index.ts';

const DOSE_ACTIONS: Record<string, DoseAnswer> = {
  'dose:taken': 'taken',
  'dose:skipped': 'skipped',
  'dose:snoozed': 'snoozed',
};

/** The dose a medication reminder's buttons answer, if it has them. */
export function doseIdOf(n: Notification): string | undefined {
  return n.actions.find((a) => a.id in DOSE_ACTIONS && a.doseId)?.doseId;
}

/**
 * One notification: its title (bold and marked "Unread" until read), when, whom it is about,
 * the text, and what one can do: open it (which marks it read), mark it read, and for a
 * medication reminder answer the dose.
 */
export function NotificationItem({
  notification: n,
  onOpen,
  onMarkRead,
  onAnswer,
  busy,
}: {
  notification: Notification;
  onOpen: (n: Notification) => void;
  onMarkRead: (n: Notification) => void;
  onAnswer: (n: Notification, doseId: string, answer: DoseAnswer) => void;
  busy: boolean;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const titleId = useId();
  const unread = n.readAt === null;
  const doseActions = n.actions.filter((a) => a.id in DOSE_ACTIONS && a.doseId);
  return (
    <li
      className={unread ? 'notification-item notification-item--unread' : 'notification-item'}
      aria-labelledby={titleId}
    >
      <h2 className="notification-item__title" id={titleId}>
        {unread && <span className="notification-item__badge">{t('notifications.unread')}</span>}
        {n.title}
      </h2>
      <p className="notification-item__meta">
        <time dateTime={n.createdAt}>{formatDateTime(new Date(n.createdAt), { locale })}</time>
        {n.patient && <> · {t('notifications.about', { name: n.patient.name })}</>}
      </p>
      {n.body && <p className="notification-item__body">{n.body}</p>}
      <div className="notification-item__actions">
        <Link
          to={n.url}
          className="cc-button cc-button--secondary"
          aria-describedby={titleId}
          onClick={() => onOpen(n)}
        >
          <span>{t('notifications.open')}</span>
        </Link>
        {doseActions.map((a) => (
          <Button
            key={a.id}
            variant={a.id === 'dose:taken' ? 'primary' : 'secondary'}
            aria-describedby={titleId}
            disabled={busy}
            onClick={() => onAnswer(n, a.doseId!, DOSE_ACTIONS[a.id]!)}
          >
            {t(`notifications.dose.${DOSE_ACTIONS[a.id]!}`)}
          </Button>
        ))}
        {unread && (
          <Button
            variant="quiet"
            aria-describedby={titleId}
            disabled={busy}
            onClick={() => onMarkRead(n)}
          >
            {t('notifications.markRead')}
          </Button>
        )}
      </div>
    </li>
  );
}
