import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import {
  ApiError,
  useAppointmentCalendarFileMutation,
  useAppointmentQuery,
  useMeQuery,
} from '@carecircle/client';
import type { Appointment } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import {
  Alert,
  Button,
  ButtonLink,
  EmptyState,
  IconCalendar,
  IconRefresh,
  LoadingState,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { AppointmentFacts } from './AppointmentFacts.tsx';
import { CancelSection } from './CancelSection.tsx';
import { RescheduleSection } from './RescheduleSection.tsx';
import { saveFile } from './save-file.ts';
import './appointments.css';

/** One appointment: details, add to calendar, change the time, cancel. Also the booking confirmation. */
export function AppointmentDetailPage() {
  const { t } = useTranslation(['common', 'web']);
  const { appointmentId = '' } = useParams();
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const appointment = useAppointmentQuery(appointmentId, { enabled: status === 'signed-in' });

  if (status !== 'signed-in') {
    return (
      <AreaPage title={t('nav.appointments')}>
        <EmptyState
          icon={<IconCalendar />}
          title={t('empty.appointments.title')}
          body={t('web:appointments.signedOut')}
          action={
            <Button onClick={() => void session.signIn(location.pathname)}>
              {t('web:auth.signIn')}
            </Button>
          }
        />
      </AreaPage>
    );
  }
  if (appointment.isPending) {
    return (
      <AreaPage title={t('nav.appointments')}>
        <LoadingState label={t('web:appointments.loading')} />
      </AreaPage>
    );
  }
  if (appointment.isError) {
    const missing = appointment.error instanceof ApiError && appointment.error.status === 404;
    return (
      <AreaPage title={t('nav.appointments')}>
        <Alert
          tone="error"
          title={missing ? t('web:appointments.notFound') : t('web:appointments.failed')}
          action={
            missing ? undefined : (
              <Button
                variant="secondary"
                icon={<IconRefresh />}
                disabled={appointment.isFetching}
                onClick={() => void appointment.refetch()}
              >
                {t('common.retry')}
              </Button>
            )
          }
        >
          {missing ? null : <p>{errorMessage(appointment.error, t)}</p>}
        </Alert>
        <ButtonLink to="/appointments" variant="secondary">
          {t('web:appointments.back')}
        </ButtonLink>
      </AreaPage>
    );
  }
  return <AppointmentDetail appointment={appointment.data} />;
}

function AppointmentDetail({ appointment: a }: { appointment: Appointment }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const location = useLocation();
  const me = useMeQuery({ enabled: true });
  const { acting } = useActingFor();
  const calendarFile = useAppointmentCalendarFileMutation();
  // "You are booked" only right after booking (router state), not on a later visit.
  const [bookedHere] = useState(
    () => (location.state as { booked?: boolean } | null)?.booked === true,
  );
  // …and only while it stays booked: cancelled right away, it no longer says "You are booked".
  const justBooked = bookedHere && a.status === 'booked';
  const [notice, setNotice] = useState<string>();
  const showPatient = Boolean(acting) || (me.data !== undefined && me.data.id !== a.patient.id);
  const when = formatDateTime(new Date(a.start), { locale });
  const active = a.status === 'booked';

  // The confirmation heading gets focus on arrival (the route change already does this; a
  // re-render keeps it there).
  useEffect(() => {
    if (justBooked) document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
  }, [justBooked]);

  const addToCalendar = () =>
    calendarFile.mutate(a.id, {
      onSuccess: (blob) => saveFile(blob, `carecircle-${a.start.slice(0, 10)}.ics`),
    });

  return (
    <AreaPage
      title={
        justBooked
          ? t('web:appointments.bookedTitle')
          : t('web:appointments.title', { name: a.provider.name })
      }
    >
      {justBooked ? (
        <Alert
          tone="success"
          title={t('web:appointments.bookedBody', { name: a.provider.name, when })}
        />
      ) : null}
      <AppointmentFacts appointment={a} showPatient={showPatient} />
      <div className="appointments-actions">
        {a.status !== 'cancelled' ? (
          <Button icon={<IconCalendar />} disabled={calendarFile.isPending} onClick={addToCalendar}>
            {t('web:appointments.addToCalendar')}
          </Button>
        ) : null}
        <ButtonLink to="/appointments" variant="secondary">
          {t('web:appointments.back')}
        </ButtonLink>
      </div>
      {calendarFile.isError ? (
        <Alert tone="error" title={t('web:appointments.calendarFailed')}>
          <p>{errorMessage(calendarFile.error, t)}</p>
        </Alert>
      ) : null}
      <div role="status" className="appointments-message">
        {notice ? <p>{notice}</p> : null}
      </div>
      {/* Room for "Need a ride?" (transport help) once it exists. */}
      {active ? (
        <>
          <RescheduleSection appointment={a} />
          <CancelSection appointment={a} onCancelled={setNotice} />
        </>
      ) : null}
    </AreaPage>
  );
}
