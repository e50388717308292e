import { useTranslation } from 'react-i18next';
import { EmptyState, IconCalendar } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';

export function AppointmentsPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('nav.appointments')} intro={t('web:pages.appointmentsIntro')}>
      <EmptyState
        icon={<IconCalendar />}
        title={t('empty.appointments.title')}
        body={t('empty.appointments.body')}
      />
    </AreaPage>
  );
}
