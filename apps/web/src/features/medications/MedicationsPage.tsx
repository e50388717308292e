import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMedicationSchedulesQuery } from '@carecircle/client';
import { Button, EmptyState, IconRecords } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { AdherenceSection } from './AdherenceChart.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { SchedulesSection } from './SchedulesSection.tsx';
import { TodayDoses } from './TodayDoses.tsx';
import './medications.css';

/**
 * Medicines: today's doses (Taken / Skip / Snooze), the reminder plans, and adherence over the
 * last 30 days. A caregiver acting for a patient answers and plans only with the
 * medications:manage scope; with medications:read they see everything without buttons.
 */
export function MedicationsPage() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const { acting } = useActingFor();
  const signedIn = status === 'signed-in';
  return (
    <AreaPage
      title={
        acting
          ? t('web:medications.titleOf', { name: acting.patient.name })
          : t('web:medications.title')
      }
      pageName={t('web:medications.title')}
      intro={
        signedIn
          ? acting
            ? t('web:medications.introOf', { name: acting.patient.name })
            : t('web:medications.intro')
          : undefined
      }
    >
      {signedIn ? (
        <MedicationsHome canManage={!acting || acting.scopes.includes('medications:manage')} />
      ) : (
        <EmptyState
          icon={<IconRecords />}
          title={t('web:medications.title')}
          body={t('web:medications.signedOut')}
          action={
            <Button onClick={() => void session.signIn(location.pathname + location.search)}>
              {t('web:auth.signIn')}
            </Button>
          }
        />
      )}
    </AreaPage>
  );
}

function MedicationsHome({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation(['common', 'web']);
  const [message, setMessage] = useState<string>();
  const schedules = useMedicationSchedulesQuery();
  const timeZone = schedules.data?.schedules[0]?.timeZone;
  return (
    <div className="medications-page">
      <LiveStatus message={message} />
      {canManage ? null : <p className="medications-muted">{t('web:medications.readOnly')}</p>}
      <TodayDoses canManage={canManage} timeZone={timeZone} announce={setMessage} />
      <AdherenceSection />
      <SchedulesSection canManage={canManage} announce={setMessage} />
    </div>
  );
}
