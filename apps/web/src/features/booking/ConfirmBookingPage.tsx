import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  isSlotUnavailable,
  newIdempotencyKey,
  useBookAppointmentMutation,
  useProviderQuery,
  useSlotsQuery,
} from '@carecircle/client';
import type { AppointmentTypeSummary, ProviderListItem, Slot } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, ButtonLink, Heading, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { addLocalDays, formatSlotName, weekIndexOf } from './booking-dates.ts';
import { VisitFacts, WhenFact } from './BookingFacts.tsx';
import { confirmPath } from './ProviderSlotsPage.tsx';
import { ProviderQueryPage } from './ProviderQueryPage.tsx';
import { errorMessage } from './error-message.ts';
import './booking.css';

/** Book, step 3: check the details, add a reason, book (or sign in first and come back here). */
export function ConfirmBookingPage() {
  const { t } = useTranslation(['common', 'web']);
  const { providerId = '' } = useParams();
  const [params] = useSearchParams();
  const provider = useProviderQuery(providerId);
  const start = params.get('start') ?? '';
  const typeId = params.get('type') ?? '';

  if (provider.isPending || provider.isError) {
    return <ProviderQueryPage title={t('web:booking.confirmTitle')} query={provider} />;
  }
  const type = provider.data.appointmentTypes.find((x) => x.id === typeId);
  if (!type || Number.isNaN(Date.parse(start))) {
    return (
      <AreaPage title={t('web:booking.confirmTitle')}>
        <Alert tone="error" title={t('web:booking.incompleteLink')} />
        <ButtonLink to={`/book/${providerId}`}>{t('web:booking.chooseAnother')}</ButtonLink>
      </AreaPage>
    );
  }
  // Keyed by the slot: another slot is another confirm screen, with its own Idempotency-Key.
  return (
    <ConfirmSlot key={`${type.id}/${start}`} provider={provider.data} type={type} start={start} />
  );
}

function ConfirmSlot({
  provider,
  type,
  start,
}: {
  provider: ProviderListItem;
  type: AppointmentTypeSummary;
  start: string;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { acting } = useActingFor();
  const book = useBookAppointmentMutation();
  // One key per confirm screen: double clicks and retries are the same booking. Changing the
  // reason after a failed try makes it a different request (the server would answer 422).
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const taken = book.isError && isSlotUnavailable(book.error);

  // A slot picked after a conflict re-renders this page: take focus back to its heading.
  useEffect(() => {
    if ((location.state as { refocus?: boolean } | null)?.refocus) {
      document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
    }
  }, [location.state]);

  const when = new Date(start);
  const returnTo = `${location.pathname}${location.search}`;

  const submit = () => {
    const trimmed = reason.trim();
    book.mutate(
      {
        body: {
          providerId: provider.id,
          appointmentTypeId: type.id,
          start,
          ...(acting ? { patientId: acting.patient.id } : {}),
          ...(trimmed ? { reason: trimmed } : {}),
        },
        idempotencyKey,
      },
      {
        onSuccess: (appointment) =>
          void navigate(`/appointments/${appointment.id}`, { state: { booked: true } }),
      },
    );
  };

  return (
    <AreaPage title={t('web:booking.confirmTitle')}>
      {acting ? (
        <Alert tone="info" title={t('web:booking.bookingFor', { name: acting.patient.name })}>
          <p>{t('web:booking.bookingForBody', { name: acting.patient.name })}</p>
        </Alert>
      ) : null}
      <dl className="booking-facts">
        <WhenFact start={when} clinicZone={provider.location.timeZone} />
        <VisitFacts provider={provider} type={type} />
      </dl>

      {taken ? (
        <NextSlots provider={provider} type={type} taken={start} />
      ) : book.isError ? (
        <Alert tone="error" title={t('web:booking.bookFailed')}>
          <p>{errorMessage(book.error, t)}</p>
        </Alert>
      ) : null}

      {status === 'signed-in' ? (
        !taken ? (
          <form
            className="booking-confirm"
            onSubmit={(e) => {
              e.preventDefault();
              if (!book.isPending) submit();
            }}
          >
            <div className="cc-field">
              <label className="cc-field__label" htmlFor={reasonId}>
                {t('web:booking.reasonLabel')}
              </label>
              <p id={`${reasonId}-description`} className="cc-field__description">
                {t('web:booking.reasonDescription')}
              </p>
              <textarea
                id={reasonId}
                className="cc-input booking-confirm__reason"
                aria-describedby={`${reasonId}-description`}
                value={reason}
                maxLength={500}
                rows={3}
                onChange={(e) => {
                  setReason(e.target.value);
                  if (book.isError) setIdempotencyKey(newIdempotencyKey());
                }}
              />
            </div>
            <div className="booking-actions">
              <Button type="submit" disabled={book.isPending} aria-busy={book.isPending}>
                {book.isPending ? t('web:booking.booking') : t('web:booking.book')}
              </Button>
              <ButtonLink to={backToSlots(provider.id, type.id, start)} variant="secondary">
                {t('web:booking.chooseAnother')}
              </ButtonLink>
            </div>
          </form>
        ) : null
      ) : (
        <div className="booking-confirm">
          <p>{t('web:booking.signInToBookBody')}</p>
          <div className="booking-actions">
            <Button onClick={() => void session.signIn(returnTo)}>
              {t('web:booking.signInToBook')}
            </Button>
            <ButtonLink to={backToSlots(provider.id, type.id, start)} variant="secondary">
              {t('web:booking.chooseAnother')}
            </ButtonLink>
          </div>
        </div>
      )}
      {/* Room for "Need a ride?" (transport help) once it exists. */}
    </AreaPage>
  );
}

/** The slots page at the week of `start`, for "Choose another time". */
function backToSlots(providerId: string, typeId: string, start: string): string {
  const week = weekIndexOf(new Date(start), new Date());
  return `/book/${providerId}?type=${typeId}&week=${week}`;
}

/** After a 409: say so plainly and offer the next free slots of the same visit right here. */
function NextSlots({
  provider,
  type,
  taken,
}: {
  provider: ProviderListItem;
  type: AppointmentTypeSummary;
  taken: string;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const navigate = useNavigate();
  // The next free times after the one that was taken (not from today: she chose that week).
  const [range] = useState(() => {
    const from = new Date(Math.max(Date.now(), Date.parse(taken)));
    return { from: from.toISOString(), to: addLocalDays(from, 14).toISOString() };
  });
  const slots = useSlotsQuery({ providerId: provider.id, appointmentTypeId: type.id, ...range });
  const next: Slot[] = (slots.data?.slots ?? [])
    .filter((s) => Date.parse(s.start) !== Date.parse(taken))
    .slice(0, 6);

  return (
    <div className="next-slots">
      <Alert tone="error" title={t('web:booking.slotTaken')} />
      <Heading level={2} className="next-slots__title">
        {t('web:booking.nextSlots')}
      </Heading>
      {slots.isPending ? (
        <LoadingState label={t('web:booking.loadingSlots')} />
      ) : slots.isError ? (
        <p>{errorMessage(slots.error, t)}</p>
      ) : next.length === 0 ? (
        <p>{t('web:booking.noNextSlots')}</p>
      ) : (
        <ul className="slot-day__slots">
          {next.map((slot) => {
            const start = new Date(slot.start);
            return (
              <li key={slot.start}>
                <button
                  type="button"
                  className="slot-button slot-button--wide"
                  onClick={() =>
                    void navigate(confirmPath(provider.id, type.id, slot.start), {
                      replace: true,
                      state: { refocus: true },
                    })
                  }
                >
                  {formatSlotName(start, locale)}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ButtonLink to={backToSlots(provider.id, type.id, taken)} variant="secondary">
        {t('web:booking.chooseAnother')}
      </ButtonLink>
    </div>
  );
}
