import { useTranslation } from 'react-i18next';
import type { Appointment } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { browserTimeZone } from '../booking/booking-dates.ts';

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
  const clinicZone = a.provider.location.timeZone;
  return (
    <dl className="booking-facts">
      <div>
        <dt>{t('web:booking.when')}</dt>
        <dd>
          <strong>{formatDateTime(start, { locale })}</strong>
          {clinicZone !== browserTimeZone() ? (
            <span className="booking-facts__aside">
              {t('web:booking.clinicTime', {
                time: formatDateTime(start, { locale, timeZone: clinicZone }),
                zone: clinicZone,
              })}
            </span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t('web:appointments.statusLabel')}</dt>
        <dd>{t(`web:appointments.status.${a.status}`)}</dd>
      </div>
      <div>
        <dt>{t('web:booking.with')}</dt>
        <dd>
          {a.provider.name}
          <span className="booking-facts__aside">{a.provider.specialty}</span>
        </dd>
      </div>
      <div>
        <dt>{t('web:booking.visit')}</dt>
        <dd>
          {a.appointmentType.name} ·{' '}
          {t('web:booking.minutes', { count: a.appointmentType.durationMinutes })}
        </dd>
      </div>
      <div>
        <dt>{t('web:booking.how')}</dt>
        <dd>{t(`web:modality.${a.appointmentType.modality}`)}</dd>
      </div>
      {a.appointmentType.modality === 'in_person' ? (
        <div>
          <dt>{t('web:booking.where')}</dt>
          <dd>
            {a.provider.location.name}
            <span className="booking-facts__aside">{a.provider.location.address}</span>
          </dd>
        </div>
      ) : null}
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
