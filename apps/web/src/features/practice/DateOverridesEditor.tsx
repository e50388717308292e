import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateOverride } from '@carecircle/core';
import { useDeleteDateOverrideMutation, useSetDateOverrideMutation } from '@carecircle/client';
import { formatDay } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Card, RadioGroup, TextField } from '../../ui/index.ts';
import { dateForDisplay, isLocalDate } from './clinic-time.ts';
import {
  IntervalRows,
  rowKey,
  validateIntervals,
  type IntervalErrors,
  type IntervalRow,
} from './IntervalRows.tsx';
import { PracticeForm, usePracticeForm } from './PracticeForm.tsx';
import { RemovableList } from './RemovableList.tsx';
import { problemFieldErrors } from './problem-fields.ts';

/** Special dates: closed, or other hours, on one date (they replace that date's weekly hours). */
export function DateOverridesEditor({
  overrides,
  today,
}: {
  overrides: readonly DateOverride[];
  /** The clinic's date today: the earliest date that can be picked. */
  today: string;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const setOverride = useSetDateOverrideMutation();
  const remove = useDeleteDateOverrideMutation();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'closed' | 'hours'>('closed');
  const [rows, setRows] = useState<IntervalRow[]>([]);
  const [dateError, setDateError] = useState<string>();
  const [rowErrors, setRowErrors] = useState<IntervalErrors>({});
  const { formRef, message, setMessage, focusInvalid, saveFailed } = usePracticeForm();
  const dayLabel = (d: string) => formatDay(dateForDisplay(d), { locale, timeZone: 'UTC' });

  const submit = () => {
    setMessage(undefined);
    const dErr = isLocalDate(date) ? undefined : t('practice.availability.dateRequired');
    const rErr = kind === 'hours' ? validateIntervals(rows, t) : {};
    setDateError(dErr);
    setRowErrors(rErr);
    if (dErr || Object.keys(rErr).length > 0) {
      focusInvalid();
      return;
    }
    const sent = kind === 'hours' ? rows : [];
    setOverride.mutate(
      { date, intervals: sent.map((r) => ({ start: r.start, end: r.end })) },
      {
        onSuccess: () => {
          setMessage({
            tone: 'success',
            text: t('practice.availability.overrideSaved', { day: dayLabel(date) }),
          });
          setDate('');
          setKind('closed');
          setRows([]);
        },
        onError: (err) => {
          const byPath = problemFieldErrors(err);
          setDateError(byPath.date);
          const mapped: IntervalErrors = {};
          sent.forEach((r, i) => {
            const start = byPath[`intervals.${i}.start`] ?? byPath[`intervals.${i}`];
            const end = byPath[`intervals.${i}.end`];
            if (start || end) mapped[r.key] = { start, end };
          });
          setRowErrors(mapped);
          saveFailed();
        },
      },
    );
  };

  return (
    <Card title={t('practice.availability.overridesTitle')}>
      <RemovableList
        intro={t('practice.availability.overridesIntro')}
        empty={t('practice.availability.overridesEmpty')}
        items={overrides}
        itemKey={(o) => o.date}
        title={(o) => dayLabel(o.date)}
        meta={(o) =>
          o.intervals.length === 0
            ? t('practice.availability.closedDay')
            : o.intervals.map((i) => `${i.start}–${i.end}`).join(', ')
        }
        removeText={t('practice.availability.removeOverride')}
        removeName={(o) => t('practice.availability.removeOverrideOn', { day: dayLabel(o.date) })}
        removing={remove.isPending}
        onRemove={(o) =>
          remove.mutate(o.date, {
            onSuccess: () => {
              setMessage({
                tone: 'success',
                text: t('practice.availability.overrideRemoved', { day: dayLabel(o.date) }),
              });
              requestAnimationFrame(() => document.getElementById(dateFieldId)?.focus());
            },
          })
        }
      />
      <PracticeForm
        formRef={formRef}
        message={message}
        onSubmit={submit}
        submitLabel={t('practice.availability.saveOverride')}
        pending={setOverride.isPending}
      >
        <TextField
          id={dateFieldId}
          type="date"
          label={t('practice.availability.date')}
          min={today}
          value={date}
          error={dateError}
          onChange={(e) => setDate(e.target.value)}
        />
        <RadioGroup
          legend={t('practice.availability.onThisDate')}
          value={kind}
          options={[
            { value: 'closed', label: t('practice.availability.closedAllDay') },
            { value: 'hours', label: t('practice.availability.specialHours') },
          ]}
          onChange={(v) => {
            setKind(v === 'hours' ? 'hours' : 'closed');
            if (v === 'hours' && rows.length === 0) {
              setRows([{ key: rowKey(), start: '09:00', end: '13:00' }]);
            }
          }}
        />
        {kind === 'hours' && (
          <fieldset className="practice-weekday">
            <legend className="practice-weekday__name">
              {t('practice.availability.specialHours')}
            </legend>
            <IntervalRows
              rows={rows}
              errors={rowErrors}
              groupName={date ? dayLabel(date) : t('practice.availability.date')}
              onChange={setRows}
              newRow={() => ({ key: rowKey(), start: '09:00', end: '13:00' })}
            />
          </fieldset>
        )}
      </PracticeForm>
    </Card>
  );
}

const dateFieldId = 'practice-override-date';
