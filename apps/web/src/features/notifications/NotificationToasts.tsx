import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRealtime, type NotificationToast } from './RealtimeProvider.tsx';
import './notifications.css';

/** A toast goes by itself after this long (it stays in the list and the bell's count). */
export const TOAST_MS = 12_000;

function Toast({
  toast,
  dismiss,
}: {
  toast: NotificationToast;
  /** Stable (RealtimeProvider's), so re-renders do not restart the timer. */
  dismiss: (id: string) => void;
}) {
  const { t } = useTranslation('web');
  // Kept while the pointer or the keyboard focus is on it.
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return undefined;
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, dismiss, toast.id]);
  const onDismiss = () => dismiss(toast.id);
  return (
    <div
      className="notification-toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <p className="notification-toast__text">
        {t('notifications.toast.new', { title: toast.title })}
      </p>
      <div className="notification-toast__actions">
        <Link to={toast.url} onClick={onDismiss}>
          {t('notifications.toast.open')}
        </Link>
        <button
          type="button"
          className="cc-button cc-button--quiet"
          onClick={onDismiss}
          aria-label={`${t('notifications.toast.dismiss')}: ${toast.title}`}
        >
          {t('notifications.toast.dismiss')}
        </button>
      </div>
    </div>
  );
}

/**
 * New notifications as they arrive, in a polite live region: screen readers hear
 * "New notification: <title>" without losing their place.
 */
export function NotificationToasts() {
  const { toasts, dismiss } = useRealtime();
  return (
    <div className="notification-toasts" aria-live="polite" aria-relevant="additions text">
      {toasts.map((toast) => (
        <Toast key={toast.id} toast={toast} dismiss={dismiss} />
      ))}
    </div>
  );
}
