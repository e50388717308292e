import { useTranslation } from 'react-i18next';
import { ButtonLink, Card, EmptyState, IconCalendar, IconPill } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { NextAppointmentCard } from '../appointments/NextAppointmentCard.tsx';
import { ProviderSearch } from './ProviderSearch.tsx';
import './home.css';

export function HomePage() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  return (
    <AreaPage title={t('home.greeting')} pageName={t('nav.home')} intro={t('web:home.intro')}>
      {/* The next appointment comes before anything else (PRODUCT.md). */}
      <div className="home-cards">
        <NextAppointmentCard />
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
      <p className="home-primary-action">
        <ButtonLink to="/book" icon={<IconCalendar />}>
          {t('web:booking.title')}
        </ButtonLink>
      </p>
      {status === 'signed-in' ? null : (
        <p className="home-account">
          <span>{t('web:account.haveNoAccount')}</span>{' '}
          <ButtonLink to="/sign-up" variant="secondary">
            {t('web:account.createAccount')}
          </ButtonLink>
        </p>
      )}
      <ProviderSearch />
    </AreaPage>
  );
}
