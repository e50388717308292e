import { useTranslation } from 'react-i18next';
import { Card, ButtonLink } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';

/** On the profile page: where notification settings (channels, quiet hours, push) are. */
export function NotificationSettingsLink() {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  if (status !== 'signed-in') return null;
  return (
    <Card title={t('notifications.title')}>
      <p>{t('notifications.preferences.intro')}</p>
      <ButtonLink to="/profile/notifications" variant="secondary">
        {t('notifications.settingsLink')}
      </ButtonLink>
    </Card>
  );
}
