import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WeeklyHours } from '@carecircle/core';
import { useSetWeeklyHoursMutation } from '@carecircle/client';
import { Button, Card } from '../../ui/index.ts';
import { weekdays, type Weekday } from './clinic-time.ts';
import { IntervalRows, rowKey, type IntervalRow, validateIntervals } from './IntervalRows.tsx';
import { PracticeForm, usePracticeForm } from './PracticeForm.tsx';
import { problemFieldErrors } from './problem-fields.ts';

type Week = Record<Weekday, IntervalRow[]>;

function toWeek(hours: readonly WeeklyHours[]): Week {
  const week = Object.fromEntries(weekdays.map((d) => [d, [] as IntervalRow[]])) as Week;
  for (const h of [...hours].sort((a, b) => a.start.localeCompare(b.start))) {
    week[h.weekday].push({ key: rowKey(), start: h.start, end: h.end });
  }
  return week;
}

const workdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Weekly hours: per weekday any number of from–to intervals; copy a day to Monday–Friday. */
export function WeeklyHoursEditor({ weeklyHours }: { weeklyHours: readonly WeeklyHours[] }) {
  const { t } = useTranslation('web');
  const save = useSetWeeklyHoursMutation();
  const [week, setWeek] = useState<Week>(() => toWeek(weeklyHours));
  const [errors, setErrors] = useState<Record<string, { start?: string; end?: string }>>({});
  const { formRef, message, setMessage, focusInvalid, saveFailed } = usePracticeForm();
  const dayName = (d: Weekday) => t(`practice.availability.weekdays.${d}`);

  const update = (day: Weekday, rows: IntervalRow[]) => {
    setWeek((w) => ({ ...w, [day]: rows }));
    setMessage(undefined);
  };

  const copyToWorkdays = (from: Weekday) => {
    setWeek((w) => {
      const next = { ...w };
      for (const d of workdays) {
        if (d !== from) next[d] = w[from].map((r) => ({ ...r, key: rowKey() }));
      }
      return next;
    });
    setErrors({});
    setMessage({
      tone: 'success',
      text: t('practice.availability.copied', { day: dayName(from) }),
    });
  };

  const submit = () => {
    setMessage(undefined);
    const found: typeof errors = {};
    for (const d of weekdays) Object.assign(found, validateIntervals(week[d], t));
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusInvalid();
      return;
    }
    // The payload's order, so that a server error at weeklyHours.N finds its row.
    const order = weekdays.flatMap((d) => week[d].map((r) => ({ weekday: d, row: r })));
    save.mutate(
      order.map(({ weekday, row }) => ({ weekday, start: row.start, end: row.end })),
      {
        onSuccess: (availability) => {
          setWeek(toWeek(availability.weeklyHours));
          setMessage({ tone: 'success', text: t('practice.availability.weeklySaved') });
        },
        onError: (err) => {
          const byPath = problemFieldErrors(err);
          const mapped: typeof errors = {};
          order.forEach(({ row }, i) => {
            const start = byPath[`weeklyHours.${i}.start`] ?? byPath[`weeklyHours.${i}`];
            const end = byPath[`weeklyHours.${i}.end`];
            if (start || end) mapped[row.key] = { start, end };
          });
          setErrors(mapped);
          saveFailed();
        },
      },
    );
  };

  return (
    <Card title={t('practice.availability.weeklyTitle')}>
      <p className="practice__intro">{t('practice.availability.weeklyIntro')}</p>
      <PracticeForm
        formRef={formRef}
        message={message}
        onSubmit={submit}
        submitLabel={t('practice.availability.saveWeekly')}
        pending={save.isPending}
      >
        {weekdays.map((d) => (
          <fieldset key={d} className="practice-weekday">
            <legend className="practice-weekday__name">{dayName(d)}</legend>
            {week[d].length === 0 && (
              <p className="practice-weekday__closed">{t('practice.availability.closed')}</p>
            )}
            <IntervalRows
              rows={week[d]}
              errors={errors}
              groupName={dayName(d)}
              onChange={(rows) => update(d, rows)}
              newRow={() => ({ key: rowKey(), start: '09:00', end: '17:00' })}
            />
            {week[d].length > 0 && (
              <Button
                variant="quiet"
                aria-label={t('practice.availability.copyToWeekdaysFrom', { day: dayName(d) })}
                onClick={() => copyToWorkdays(d)}
              >
                {t('practice.availability.copyToWeekdays')}
              </Button>
            )}
          </fieldset>
        ))}
      </PracticeForm>
    </Card>
  );
}
