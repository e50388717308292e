import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useAppointmentsQuery, useMeQuery, useWaitlistQuery } from '@carecircle/client';
import {
  Alert,
  Button,
  ButtonLink,
  EmptyState,
  Heading,
  IconCalendar,
  IconRefresh,
  LoadingState,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { AppointmentCard } from './AppointmentCard.tsx';
import { CalendarFeedSection } from './CalendarFeedSection.tsx';
import { WaitlistSection } from './WaitlistSection.tsx';
import { listWindow, splitAppointments } from './appointment-lists.ts';
import './appointments.css';

/** Appointments: upcoming and past, the waitlist (held offers first), the calendar feed. */
export function AppointmentsPage() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const signedIn = status === 'signed-in';

  return (
    <AreaPage title={t('nav.appointments')} intro={t('web:pages.appointmentsIntro')}>
      {signedIn ? (
        <SignedInAppointments />
      ) : (
        <EmptyState
          icon={<IconCalendar />}
          title={t('empty.appointments.title')}
          body={t('web:appointments.signedOut')}
          action={
            <div className="appointments-actions">
              <Button onClick={() => void session.signIn(location.pathname)}>
                {t('web:auth.signIn')}
              </Button>
              <ButtonLink to="/book" variant="secondary">
                {t('web:appointments.book')}
              </ButtonLink>
            </div>
          }
        />
      )}
    </AreaPage>
  );
}

function SignedInAppointments() {
  const { t } = useTranslation(['common', 'web']);
  const [now] = useState(() => new Date());
  const [range] = useState(() => listWindow(now));
  const { acting } = useActingFor();
  const me = useMeQuery({ enabled: true });
  const appointments = useAppointmentsQuery({ ...range, as: 'patient' });
  const waitlist = useWaitlistQuery();
  const hasOffer = (waitlist.data?.items ?? []).some((e) => e.offer);
  const showPatient = (patientId: string) =>
    Boolean(acting) || (me.data !== undefined && patientId !== me.data.id);

  const [waitlistMessage, setWaitlistMessage] = useState<string>();
  const waitlistSection = (
    <WaitlistSection query={waitlist} message={waitlistMessage} setMessage={setWaitlistMessage} />
  );
  let lists;
  if (appointments.isPending) lists = <LoadingState label={t('web:appointments.loading')} />;
  else if (appointments.isError) {
    lists = (
      <Alert
        tone="error"
        title={t('web:appointments.failed')}
        action={
          <Button
            variant="secondary"
            icon={<IconRefresh />}
            disabled={appointments.isFetching}
            onClick={() => void appointments.refetch()}
          >
            {t('common.retry')}
          </Button>
        }
      >
        <p>{errorMessage(appointments.error, t)}</p>
      </Alert>
    );
  } else {
    const { upcoming, past } = splitAppointments(appointments.data.items, now);
    lists = (
      <>
        <section aria-labelledby="upcoming-heading" className="appointments-section">
          <Heading level={2} id="upcoming-heading">
            {t('web:appointments.upcoming')}
          </Heading>
          {upcoming.length === 0 ? (
            <p className="appointments-empty">{t('web:appointments.noUpcoming')}</p>
          ) : (
            <ul className="appointment-list">
              {upcoming.map((a) => (
                <AppointmentCard
                  key={a.id}
                  appointment={a}
                  showPatient={showPatient(a.patient.id)}
                />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="past-heading" className="appointments-section">
          <Heading level={2} id="past-heading">
            {t('web:appointments.past')}
          </Heading>
          {past.length === 0 ? (
            <p className="appointments-empty">{t('web:appointments.noPast')}</p>
          ) : (
            <ul className="appointment-list">
              {past.map((a) => (
                <AppointmentCard
                  key={a.id}
                  appointment={a}
                  showPatient={showPatient(a.patient.id)}
                />
              ))}
            </ul>
          )}
        </section>
      </>
    );
  }

  return (
    <>
      <p className="appointments-actions">
        <ButtonLink to="/book" icon={<IconCalendar />}>
          {t('web:appointments.book')}
        </ButtonLink>
      </p>
      {/* A slot held for you runs out in minutes: it goes before everything else. */}
      {hasOffer ? waitlistSection : null}
      {lists}
      {hasOffer ? null : waitlistSection}
      <CalendarFeedSection />
    </>
  );
}
