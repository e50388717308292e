import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appointment } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Heading, type HeadingLevel } from '../../ui/index.ts';

/** One appointment in a list: when, with whom, what, where, and a link to its details. */
export function AppointmentCard({
  appointment: a,
  showPatient,
  headingLevel = 3,
}: {
  appointment: Appointment;
  /** Name the patient (a caregiver sees someone else's appointment). */
  showPatient: boolean;
  headingLevel?: HeadingLevel;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const when = formatDateTime(new Date(a.start), { locale });
  return (
    <li className={`appointment-card appointment-card--${a.status}`}>
      <Heading level={headingLevel} className="appointment-card__when">
        {when}
      </Heading>
      {a.status !== 'booked' ? (
        <p className="appointment-status">{t(`web:appointments.status.${a.status}`)}</p>
      ) : null}
      <p className="appointment-card__who">
        {a.provider.name} · {a.provider.specialty}
      </p>
      <p className="appointment-card__what">
        {a.appointmentType.name} · {t(`web:modality.${a.appointmentType.modality}`)}
        {a.appointmentType.modality === 'in_person' ? ` · ${a.provider.location.name}` : ''}
      </p>
      {showPatient ? (
        <p className="appointment-card__patient">
          {t('web:appointments.forPatient', { name: a.patient.name })}
        </p>
      ) : null}
      <Link
        className="appointment-card__link"
        to={`/appointments/${a.id}`}
        aria-label={t('web:appointments.detailsOf', { when, name: a.provider.name })}
      >
        {t('web:appointments.details')}
      </Link>
    </li>
  );
}
