import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useJoinWaitlistMutation } from '@carecircle/client';
import { Alert, Button, ButtonLink, Heading, TextField } from '../../ui/index.ts';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { addLocalDays, localDateIn, weekRange } from './booking-dates.ts';
import { errorMessage } from './error-message.ts';

/** "Nothing free? Join the waitlist": the first and last dates someone could come. */
export function WaitlistForm(props: {
  providerId: string;
  appointmentTypeId: string;
  clinicTimeZone: string;
  week: number;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const { acting } = useActingFor();
  const join = useJoinWaitlistMutation();
  const [initial] = useState(() => {
    const { from, to } = weekRange(props.week, new Date());
    return {
      earliest: localDateIn(from, props.clinicTimeZone),
      latest: localDateIn(addLocalDays(to, 21), props.clinicTimeZone),
    };
  });
  const [earliest, setEarliest] = useState(initial.earliest);
  const [latest, setLatest] = useState(initial.latest);
  const invalid = !earliest || !latest || latest < earliest;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    join.mutate({
      providerId: props.providerId,
      appointmentTypeId: props.appointmentTypeId,
      earliest,
      latest,
      ...(acting ? { patientId: acting.patient.id } : {}),
    });
  };

  return (
    <section className="waitlist-form" aria-labelledby="waitlist-heading">
      <Heading level={3} id="waitlist-heading">
        {t('web:booking.waitlistHeading')}
      </Heading>
      <p>{t('web:booking.waitlistIntro')}</p>
      {join.isSuccess ? (
        <Alert
          tone="success"
          title={t('web:booking.joined')}
          action={
            <ButtonLink to="/appointments" variant="secondary">
              {t('web:booking.seeWaitlist')}
            </ButtonLink>
          }
        />
      ) : status !== 'signed-in' ? (
        <Button onClick={() => void session.signIn(`${location.pathname}${location.search}`)}>
          {t('web:booking.signInToWaitlist')}
        </Button>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="waitlist-form__zone">
            {t('web:booking.clinicDates', { zone: props.clinicTimeZone })}
          </p>
          <div className="waitlist-form__dates">
            <TextField
              type="date"
              label={t('web:booking.earliest')}
              value={earliest}
              min={initial.earliest}
              onChange={(e) => setEarliest(e.target.value)}
              required
            />
            <TextField
              type="date"
              label={t('web:booking.latest')}
              value={latest}
              min={earliest}
              onChange={(e) => setLatest(e.target.value)}
              required
            />
          </div>
          {join.isError ? (
            <Alert tone="error" title={t('web:booking.joinFailed')}>
              <p>{errorMessage(join.error, t)}</p>
            </Alert>
          ) : null}
          <Button type="submit" disabled={join.isPending || invalid}>
            {join.isPending ? t('web:booking.joiningWaitlist') : t('web:booking.joinWaitlist')}
          </Button>
        </form>
      )}
    </section>
  );
}
