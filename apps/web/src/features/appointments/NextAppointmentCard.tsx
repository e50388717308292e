import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppointmentsQuery, useMeQuery } from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import {
  ButtonLink,
  Card,
  EmptyState,
  Heading,
  IconCalendar,
  LoadingState,
} from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { splitAppointments } from './appointment-lists.ts';
import './appointments.css';

const YEAR_MS = 365 * 86_400_000;

/** Home's first card: the next appointment (signed in), or how to book one. */
export function NextAppointmentCard() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  return (
    <Card title={t('home.nextAppointment')} icon={<IconCalendar />} className="next-appointment">
      {status === 'signed-in' ? <SignedInNextAppointment /> : <BookEmptyState />}
    </Card>
  );
}

function BookEmptyState() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <EmptyState
      headingLevel={3}
      title={t('web:home.appointmentEmpty.title')}
      body={t('web:home.appointmentEmpty.body')}
      action={<ButtonLink to="/book">{t('web:home.appointmentEmpty.action')}</ButtonLink>}
    />
  );
}

function SignedInNextAppointment() {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const { acting } = useActingFor();
  const me = useMeQuery({ enabled: true });
  const [now] = useState(() => new Date());
  const [range] = useState(() => ({
    from: now.toISOString(),
    to: new Date(now.getTime() + YEAR_MS).toISOString(),
  }));
  const appointments = useAppointmentsQuery({
    ...range,
    status: 'booked,checked_in',
    as: 'patient',
  });

  if (appointments.isPending) return <LoadingState label={t('web:appointments.homeLoading')} />;
  if (appointments.isError) {
    return (
      <p className="appointments-empty">
        {t('web:appointments.homeFailed')} {errorMessage(appointments.error, t)}
      </p>
    );
  }
  const next = splitAppointments(appointments.data.items, now).upcoming[0];
  if (!next) return <BookEmptyState />;
  const showPatient = Boolean(acting) || (me.data !== undefined && me.data.id !== next.patient.id);
  return (
    <div className="next-appointment__body">
      <Heading level={3} className="next-appointment__when">
        {formatDateTime(new Date(next.start), { locale })}
      </Heading>
      <p>
        {next.provider.name} · {next.provider.specialty}
      </p>
      <p>
        {next.appointmentType.name} · {t(`web:modality.${next.appointmentType.modality}`)}
      </p>
      {next.appointmentType.modality === 'in_person' ? (
        <p className="next-appointment__place">
          {next.provider.location.name}, {next.provider.location.address}
        </p>
      ) : null}
      {showPatient ? <p>{t('web:appointments.forPatient', { name: next.patient.name })}</p> : null}
      <div className="appointments-actions">
        <ButtonLink to={`/appointments/${next.id}`}>{t('web:appointments.homeDetails')}</ButtonLink>
      </div>
    </div>
  );
}
