import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useUnreadCountQuery } from '@carecircle/client';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { VisuallyHidden } from '../../ui/index.ts';
import './notifications.css';

/** A bell (decorative; the link says what it is). */
function BellIcon() {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="1.5em"
      height="1.5em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className="cc-icon"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/**
 * The header's bell: a link to the notification centre whose name says how many are unread
 * ("3 unread notifications"). The count is refetched when the realtime socket says a
 * notification was created or read (RealtimeProvider), not by polling.
 */
export function NotificationBell() {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  const unread = useUnreadCountQuery({ enabled: status === 'signed-in' });
  if (status !== 'signed-in') return null;
  const count = unread.data?.unreadCount ?? 0;
  return (
    <NavLink to="/notifications" className="notification-bell">
      <BellIcon />
      <VisuallyHidden>{t('notifications.bell', { count })}</VisuallyHidden>
      {count > 0 && (
        <span className="notification-bell__count" aria-hidden="true" data-testid="unread-badge">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </NavLink>
  );
}
