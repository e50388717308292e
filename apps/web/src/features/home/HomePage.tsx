import { useTranslation } from 'react-i18next';
import { ButtonLink, Card, EmptyState, IconCalendar, IconPill } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { ProviderSearch } from './ProviderSearch.tsx';
import './home.css';

export function HomePage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('home.greeting')} pageName={t('nav.home')} intro={t('web:home.intro')}>
      <p className="home-account">
        <span>{t('web:account.haveNoAccount')}</span>{' '}
        <ButtonLink to="/sign-up" variant="secondary">
          {t('web:account.createAccount')}
        </ButtonLink>
      </p>
      <div className="home-cards">
        <Card title={t('home.nextAppointment')} icon={<IconCalendar />}>
          <EmptyState
            headingLevel={3}
            title={t('web:home.appointmentEmpty.title')}
            body={t('web:home.appointmentEmpty.body')}
            action={
              <ButtonLink to="/appointments">{t('web:home.appointmentEmpty.action')}</ButtonLink>
            }
          />
        </Card>
        <Card title={t('home.todaysMedicines')} icon={<IconPill />}>
          <EmptyState
            headingLevel={3}
            title={t('web:home.medicinesEmpty.title')}
            body={t('web:home.medicinesEmpty.body')}
            action={
              <ButtonLink to="/records" variant="secondary">
                {t('web:home.medicinesEmpty.action')}
              </ButtonLink>
            }
          />
        </Card>
      </div>
      <ProviderSearch />
    </AreaPage>
  );
}
