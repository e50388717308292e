import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { Screen } from '../../ui/Screen';

/** Profile: name, language, time zone and sharing (empty until sign-in exists). */
export function ProfileScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <Screen>
      <EmptyState
        testID="profile-empty"
        title={t('empty.profile.title')}
        body={t('empty.profile.body')}
        hint={tm('hints.profile')}
      />
    </Screen>
  );
}
