import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotificationPreferencesQuery } from '@carecircle/client';
import { Alert, ButtonLink, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { BrowserPushSection } from './BrowserPushSection.tsx';
import { createBrowserPush, type BrowserPush } from './browser-push.ts';
import { PreferencesForm } from './PreferencesForm.tsx';
import './notifications.css';

/** `/profile/notifications`: channels per category, quiet hours, and push in this browser. */
export function NotificationPreferencesPage({ push: given }: { push?: BrowserPush } = {}) {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  const signedIn = status === 'signed-in';
  const preferences = useNotificationPreferencesQuery({ enabled: signedIn });
  const [push] = useState(() => given ?? createBrowserPush());
  return (
    <AreaPage
      title={t('notifications.preferences.title')}
      intro={t('notifications.preferences.intro')}
    >
      <div className="notification-prefs">
        <ButtonLink to="/notifications" variant="quiet" className="notification-prefs__start">
          {t('notifications.preferences.back')}
        </ButtonLink>
        {!signedIn && status !== 'unknown' && <Alert title={t('notifications.signedOut')} />}
        {signedIn && preferences.isPending && (
          <LoadingState label={t('notifications.preferences.loading')} />
        )}
        {preferences.isError && (
          <Alert tone="error" title={t('notifications.preferences.failed')} />
        )}
        {preferences.data && <PreferencesForm initial={preferences.data} />}
        {signedIn && <BrowserPushSection push={push} />}
      </div>
    </AreaPage>
  );
}
