import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnswerDoseMutation, useDosesQuery } from '@carecircle/client';
import type { DoseAnswer, MedicationDose } from '@carecircle/core';
import { Alert, Button, Heading, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { doseTime, todayRange } from './medication-format.ts';

const SNOOZE_MINUTES = 10;

/** Today's doses with Taken / Skip / Snooze (for those who may answer), oldest first. */
export function TodayDoses({
  canManage,
  timeZone,
  announce,
}: {
  canManage: boolean;
  timeZone?: string;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const headingId = useId();
  const [range] = useState(() => todayRange());
  const doses = useDosesQuery(range);
  return (
    <section aria-labelledby={headingId} className="medications-section">
      <Heading level={2} id={headingId}>
        {t('web:medications.today.title')}
      </Heading>
      {doses.isPending ? (
        <LoadingState label={t('web:medications.today.loading')} />
      ) : doses.isError ? (
        <QueryErrorAlert title={t('web:medications.today.failed')} query={doses} />
      ) : doses.data.doses.length === 0 ? (
        <p>{t('web:medications.today.empty')}</p>
      ) : (
        <ul className="dose-list">
          {doses.data.doses.map((dose) => (
            <DoseItem
              key={dose.id}
              dose={dose}
              canManage={canManage}
              timeZone={timeZone}
              announce={announce}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function DoseItem({
  dose,
  canManage,
  timeZone,
  announce,
}: {
  dose: MedicationDose;
  canManage: boolean;
  timeZone?: string;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const answer = useAnswerDoseMutation();
  const itemRef = useRef<HTMLLIElement>(null);
  const time = doseTime(dose.scheduledAt, timeZone);
  const medicine = dose.medicationTitle;
  const statusText = (d: MedicationDose) =>
    d.status === 'snoozed' && d.snoozedUntil
      ? t('web:medications.today.status.snoozed', { time: doseTime(d.snoozedUntil, timeZone) })
      : t(`web:medications.today.status.${d.status}` as 'web:medications.today.status.due');

  const send = (value: DoseAnswer) =>
    answer.mutate(
      {
        doseId: dose.id,
        answer: value,
        ...(value === 'snoozed' ? { snoozeMinutes: SNOOZE_MINUTES } : {}),
      },
      {
        onSuccess: (updated) => {
          announce(
            t('web:medications.today.answered', { medicine, time, status: statusText(updated) }),
          );
          // The buttons may go away: keep the keyboard where it was.
          itemRef.current?.focus();
        },
      },
    );

  const open = dose.status === 'upcoming' || dose.status === 'due' || dose.status === 'snoozed';
  return (
    <li ref={itemRef} tabIndex={-1} className={`dose-item dose-item--${dose.status}`}>
      <span className="dose-item__time">{time}</span>
      <span className="dose-item__name">{medicine}</span>
      <span className="dose-item__status">
        {statusText(dose)}
        {dose.answeredBy
          ? ` ${t('web:medications.today.answeredBy', { name: dose.answeredBy.name })}`
          : null}
      </span>
      {canManage && open ? (
        <span className="dose-item__actions">
          <Button
            aria-label={t('web:medications.today.takenLabel', { medicine, time })}
            disabled={answer.isPending}
            onClick={() => send('taken')}
          >
            {t('web:medications.today.taken')}
          </Button>
          <Button
            variant="secondary"
            aria-label={t('web:medications.today.skipLabel', { medicine, time })}
            disabled={answer.isPending}
            onClick={() => send('skipped')}
          >
            {t('web:medications.today.skip')}
          </Button>
          <Button
            variant="quiet"
            aria-label={t('web:medications.today.snoozeLabel', {
              medicine,
              time,
              minutes: SNOOZE_MINUTES,
            })}
            disabled={answer.isPending}
            onClick={() => send('snoozed')}
          >
            {t('web:medications.today.snooze')}
          </Button>
        </span>
      ) : null}
      {canManage && dose.status === 'missed' ? (
        <span className="dose-item__actions">
          <Button
            variant="secondary"
            aria-label={t('web:medications.today.lateLabel', { medicine, time })}
            disabled={answer.isPending}
            onClick={() => send('taken')}
          >
            {t('web:medications.today.late')}
          </Button>
        </span>
      ) : null}
      {answer.isError ? (
        <Alert tone="error" title={t('web:medications.today.answerFailed')} />
      ) : null}
    </li>
  );
}
