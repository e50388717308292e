import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSlotsQuery } from '@carecircle/client';
import type { Slot } from '@carecircle/core';
import { formatTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button, EmptyState, Heading, IconCalendar, LoadingState } from '../../ui/index.ts';
import {
  MAX_WEEKS,
  browserTimeZone,
  formatSlotName,
  formatWeekRange,
  groupSlotsByDay,
  weekRange,
} from './booking-dates.ts';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

export interface SlotPickerProps {
  providerId: string;
  appointmentTypeId: string;
  /** The clinic's zone, named when it differs from the browser's. */
  clinicTimeZone: string;
  /** Week shown (0 = this week); controlled so the URL can keep it. */
  week: number;
  onWeekChange: (week: number) => void;
  onPick: (slot: Slot) => void;
  /** Heading level of the day headings. */
  dayHeadingLevel?: 3 | 4;
  /** Shown under "No free times this week", e.g. the waitlist form. */
  whenEmpty?: ReactNode;
  /** A slot not to offer (e.g. the appointment's current time). */
  exclude?: string;
}

/** Free slots of one week grouped by day in the browser's time zone, with a week pager. */
export function SlotPicker(props: SlotPickerProps) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const [now] = useState(() => new Date());
  const { from, to } = weekRange(props.week, now);
  const slots = useSlotsQuery({
    providerId: props.providerId,
    appointmentTypeId: props.appointmentTypeId,
    from: from.toISOString(),
    to: to.toISOString(),
  });
  const zone = browserTimeZone();
  const level = props.dayHeadingLevel ?? 3;

  let body: ReactNode;
  if (slots.isPending) body = <LoadingState label={t('web:booking.loadingSlots')} />;
  else if (slots.isError) {
    body = <QueryErrorAlert title={t('web:booking.slotsError')} query={slots} />;
  } else {
    const days = groupSlotsByDay(
      slots.data.slots.filter((s) => s.start !== props.exclude),
      locale,
    );
    body =
      days.length === 0 ? (
        <>
          <EmptyState
            headingLevel={level}
            icon={<IconCalendar />}
            title={t('web:booking.noSlotsTitle')}
            body={t('web:booking.noSlotsBody')}
          />
          {props.whenEmpty}
        </>
      ) : (
        <div className="slot-days">
          {days.map((day) => (
            <section key={day.key} className="slot-day" aria-labelledby={`slot-day-${day.key}`}>
              <Heading level={level} id={`slot-day-${day.key}`} className="slot-day__title">
                {day.label}
              </Heading>
              <ul
                className="slot-day__slots"
                aria-label={t('web:booking.timesOn', { day: day.label })}
              >
                {day.slots.map((slot) => {
                  const start = new Date(slot.start);
                  return (
                    <li key={slot.start}>
                      <button
                        type="button"
                        className="slot-button"
                        aria-label={formatSlotName(start, locale)}
                        onClick={() => props.onPick(slot)}
                      >
                        {formatTime(start, { locale })}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      );
  }

  return (
    <div className="slot-picker">
      <p className="slot-picker__zone">
        {props.clinicTimeZone === zone
          ? t('web:booking.zoneNote', { zone })
          : t('web:booking.zoneNoteClinic', { zone, clinicZone: props.clinicTimeZone })}
      </p>
      <nav className="week-pager" aria-label={t('web:booking.weekNav')}>
        <Button
          variant="secondary"
          disabled={props.week <= 0}
          onClick={() => props.onWeekChange(props.week - 1)}
        >
          {t('web:booking.previousWeek')}
        </Button>
        <p className="week-pager__label" aria-live="polite">
          {t('web:booking.weekShown', { range: formatWeekRange(from, to, locale) })}
        </p>
        <Button
          variant="secondary"
          disabled={props.week >= MAX_WEEKS - 1}
          onClick={() => props.onWeekChange(props.week + 1)}
        >
          {t('web:booking.nextWeek')}
        </Button>
      </nav>
      {body}
    </div>
  );
}
