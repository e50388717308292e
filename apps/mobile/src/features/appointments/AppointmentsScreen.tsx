import { useRouter } from 'expo-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { Screen } from '../../ui/Screen';

/** Appointments. Until booking exists, the empty state points to the providers on Home. */
export function AppointmentsScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  const router = useRouter();
  return (
    <Screen>
      <EmptyState
        testID="appointments-empty"
        title={t('empty.appointments.title')}
        body={t('empty.appointments.body')}
        hint={tm('hints.appointments')}
        action={{ label: t('empty.appointments.action'), onPress: () => router.navigate('/') }}
      />
    </Screen>
  );
}
