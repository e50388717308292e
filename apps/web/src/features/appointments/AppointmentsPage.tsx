import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useAppointmentsQuery, useMeQuery, useWaitlistQuery } from '@carecircle/client';
import type { Appointment } from '@carecircle/core';
import {
  Button,
  ButtonLink,
  EmptyState,
  Heading,
  IconCalendar,
  LoadingState,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
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
    lists = <QueryErrorAlert title={t('web:appointments.failed')} query={appointments} />;
  } else {
    const { upcoming, past } = splitAppointments(appointments.data.items, now);
    lists = (
      <>
        <AppointmentListSection
          id="upcoming-heading"
          title={t('web:appointments.upcoming')}
          empty={t('web:appointments.noUpcoming')}
          items={upcoming}
          showPatient={showPatient}
        />
        <AppointmentListSection
          id="past-heading"
          title={t('web:appointments.past')}
          empty={t('web:appointments.noPast')}
          items={past}
          showPatient={showPatient}
        />
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

/** "Upcoming" or "Past": a heading and the appointments, or a line saying there are none. */
function AppointmentListSection({
  id,
  title,
  empty,
  items,
  showPatient,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  empty: string;
  items: Appointment[];
  showPatient: (patientId: string) => boolean;
}) {
  return (
    <section aria-labelledby={id} className="appointments-section">
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {items.length === 0 ? (
        <p className="appointments-empty">{empty}</p>
      ) : (
        <ul className="appointment-list">
          {items.map((a) => (
            <AppointmentCard key={a.id} appointment={a} showPatient={showPatient(a.patient.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
