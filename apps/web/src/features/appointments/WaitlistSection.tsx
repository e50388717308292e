import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { useWaitlistQuery } from '@carecircle/client';
import {
  isSlotUnavailable,
  useAcceptWaitlistOfferMutation,
  useDeclineWaitlistOfferMutation,
  useLeaveWaitlistMutation,
} from '@carecircle/client';
import type { WaitlistEntry, WaitlistOffer } from '@carecircle/core';
import { formatDateTime, formatDay } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading, LoadingState } from '../../ui/index.ts';
import { errorMessage } from '../booking/error-message.ts';

const SHOWN = new Set<WaitlistEntry['status']>(['waiting', 'offered']);

/** Dates of a waitlist entry are the clinic's local dates: show them as days, at noon UTC. */
const localDate = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** The waitlist: what someone waits for, and any slot held for them with the time left. */
export function WaitlistSection({
  query,
  message,
  setMessage,
}: {
  query: ReturnType<typeof useWaitlistQuery>;
  /** Kept by the page: the section moves (held offers go first) and must not forget it. */
  message: string | undefined;
  setMessage: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const leave = useLeaveWaitlistMutation();
  const entries = (query.data?.items ?? []).filter((e) => SHOWN.has(e.status) || e.offer);

  if (query.isSuccess && entries.length === 0 && !message) return null;

  return (
    <section aria-labelledby="waitlist-heading" className="appointments-section">
      <Heading level={2} id="waitlist-heading">
        {t('web:appointments.waitlistHeading')}
      </Heading>
      <div role="status" className="appointments-message">
        {message ? <p>{message}</p> : null}
      </div>
      {query.isPending ? (
        <LoadingState label={t('web:appointments.waitlistLoading')} />
      ) : query.isError ? (
        <Alert tone="error" title={t('web:appointments.waitlistFailed')}>
          <p>{errorMessage(query.error, t)}</p>
        </Alert>
      ) : entries.length === 0 ? (
        <p className="appointments-empty">{t('web:appointments.waitlistEmpty')}</p>
      ) : (
        <ul className="appointment-list">
          {entries.map((entry) => (
            <li key={entry.id} className="waitlist-entry">
              <Heading level={3} className="waitlist-entry__title">
                {entry.provider.name} · {entry.appointmentType.name}
              </Heading>
              <p>
                {t('web:appointments.waitlistDates', {
                  from: formatDay(localDate(entry.earliest), { locale, timeZone: 'UTC' }),
                  to: formatDay(localDate(entry.latest), { locale, timeZone: 'UTC' }),
                })}
              </p>
              {entry.offer ? (
                <HeldOffer offer={entry.offer} onDone={setMessage} />
              ) : (
                <>
                  <p className="appointment-status">
                    {t(`web:appointments.waitlistStatus.${entry.status}`)}
                  </p>
                  <Button
                    variant="secondary"
                    disabled={leave.isPending}
                    aria-label={t('web:appointments.leaveWaitlistFor', {
                      name: entry.provider.name,
                    })}
                    onClick={() =>
                      leave.mutate(entry.id, {
                        onSuccess: () => setMessage(t('web:appointments.left')),
                        onError: (e) => setMessage(errorMessage(e, t)),
                      })
                    }
                  >
                    {t('web:appointments.leaveWaitlist')}
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Minutes left on a hold, refreshed every 15 seconds. */
function useMinutesLeft(expiresAt: string): number {
  const compute = () => Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 60_000));
  const [minutes, setMinutes] = useState(compute);
  useEffect(() => {
    const timer = setInterval(() => setMinutes(compute()), 15_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expiresAt]);
  return minutes;
}

function HeldOffer({ offer, onDone }: { offer: WaitlistOffer; onDone: (message: string) => void }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const accept = useAcceptWaitlistOfferMutation();
  const decline = useDeclineWaitlistOfferMutation();
  const minutes = useMinutesLeft(offer.expiresAt);
  const when = formatDateTime(new Date(offer.start), { locale });
  const busy = accept.isPending || decline.isPending;
  const failed = accept.error ?? decline.error;

  return (
    <div className="held-offer">
      <p className="held-offer__title">{t('web:appointments.offerTitle', { when })}</p>
      <p>
        {minutes > 0
          ? t('web:appointments.offerTimeLeft', { count: minutes })
          : t('web:appointments.offerEnding')}
      </p>
      {failed ? (
        <Alert
          tone="error"
          title={
            isSlotUnavailable(failed) || (failed as { status?: number }).status === 409
              ? t('web:appointments.offerGone')
              : t('web:appointments.offerFailed')
          }
        />
      ) : null}
      <div className="appointments-actions">
        <Button
          disabled={busy}
          onClick={() =>
            // mutateAsync, not mutate's onSuccess: the answered offer leaves the cache first, this
            // component unmounts and TanStack Query would drop the callback (and the message).
            void accept
              .mutateAsync(offer.id)
              .then((a) =>
                onDone(
                  t('web:appointments.offerAccepted', {
                    when: formatDateTime(new Date(a.start), { locale }),
                  }),
                ),
              )
              .catch(() => undefined)
          }
        >
          {t('web:appointments.acceptOffer')}
        </Button>
        <Button
          variant="secondary"
          disabled={busy}
          onClick={() =>
            void decline
              .mutateAsync(offer.id)
              .then(() => onDone(t('web:appointments.offerDeclined')))
              .catch(() => undefined)
          }
        >
          {t('web:appointments.declineOffer')}
        </Button>
      </div>
    </div>
  );
}
