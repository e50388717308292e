import { useTranslation } from 'react-i18next';
import type { Appointment } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { VisitFacts, WhenFact } from '../booking/BookingFacts.tsx';

/** The details of one appointment as a description list. */
export function AppointmentFacts({
  appointment: a,
  showPatient,
}: {
  appointment: Appointment;
  showPatient: boolean;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const start = new Date(a.start);
  return (
    <dl className="booking-facts">
      <WhenFact start={start} clinicZone={a.provider.location.timeZone} />
      <div>
        <dt>{t('web:appointments.statusLabel')}</dt>
        <dd>{t(`web:appointments.status.${a.status}`)}</dd>
      </div>
      <VisitFacts provider={a.provider} type={a.appointmentType} />
      {showPatient ? (
        <div>
          <dt>{t('web:appointments.patient')}</dt>
          <dd>{a.patient.name}</dd>
        </div>
      ) : null}
      {a.bookedBy.id !== a.patient.id ? (
        <div>
          <dt>{t('web:appointments.bookedBy')}</dt>
          <dd>{a.bookedBy.name}</dd>
        </div>
      ) : null}
      {a.reason ? (
        <div>
          <dt>{t('web:appointments.reason')}</dt>
          <dd>{a.reason}</dd>
        </div>
      ) : null}
      {a.cancellation ? (
        <div>
          <dt>{t('web:appointments.status.cancelled')}</dt>
          <dd>
            {t('web:appointments.cancelledBy', {
              name: a.cancellation.by.name,
              when: formatDateTime(new Date(a.cancellation.at), { locale }),
              reason: a.cancellation.reason,
            })}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
