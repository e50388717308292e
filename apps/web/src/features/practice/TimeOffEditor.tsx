import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeOff } from '@carecircle/core';
import { useAddTimeOffMutation, useDeleteTimeOffMutation } from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Card, TextField } from '../../ui/index.ts';
import { toZonedIso, zonedInstant } from './clinic-time.ts';
import { PracticeForm, usePracticeForm } from './PracticeForm.tsx';
import { RemovableList } from './RemovableList.tsx';
import { problemFieldErrors } from './problem-fields.ts';

type Field = 'start' | 'end' | 'reason';

/** 'YYYY-MM-DDTHH:MM' from a datetime-local input, read on the clinic's clock. */
function clinicIso(value: string, timeZone: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!m?.[1] || !m[2]) return undefined;
  return toZonedIso(zonedInstant(m[1], m[2], timeZone), timeZone);
}

/** Time off: start and end on the clinic's clock, an optional note; a list with remove. */
export function TimeOffEditor({
  timeOff,
  timeZone,
}: {
  timeOff: readonly TimeOff[];
  timeZone: string;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const add = useAddTimeOffMutation();
  const remove = useDeleteTimeOffMutation();
  const [values, setValues] = useState<Record<Field, string>>({ start: '', end: '', reason: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const { formRef, message, setMessage, focusInvalid, saveFailed } = usePracticeForm();
  const when = (iso: string) => formatDateTime(new Date(iso), { locale, timeZone });
  const range = (o: TimeOff) =>
    t('practice.availability.range', { from: when(o.start), to: when(o.end) });

  const submit = () => {
    setMessage(undefined);
    const start = clinicIso(values.start, timeZone);
    const end = clinicIso(values.end, timeZone);
    const found: typeof errors = {};
    if (!start) found.start = t('practice.availability.dateTimeRequired');
    if (!end) found.end = t('practice.availability.dateTimeRequired');
    else if (start && Date.parse(end) <= Date.parse(start)) {
      found.end = t('practice.availability.endAfterStart');
    }
    setErrors(found);
    if (!start || !end || Object.keys(found).length > 0) {
      focusInvalid();
      return;
    }
    const reason = values.reason.trim();
    add.mutate(
      { start, end, ...(reason ? { reason } : {}) },
      {
        onSuccess: () => {
          setValues({ start: '', end: '', reason: '' });
          setMessage({ tone: 'success', text: t('practice.availability.timeOffAdded') });
        },
        onError: (err) => {
          const byPath = problemFieldErrors(err);
          setErrors({ start: byPath.start, end: byPath.end, reason: byPath.reason });
          saveFailed();
        },
      },
    );
  };

  return (
    <Card title={t('practice.availability.timeOffTitle')}>
      <RemovableList
        intro={t('practice.availability.timeOffIntro')}
        empty={t('practice.availability.timeOffEmpty')}
        items={timeOff}
        itemKey={(o) => o.id}
        title={range}
        meta={(o) => o.reason}
        removeText={t('practice.availability.removeTimeOff')}
        removeName={(o) => t('practice.availability.removeTimeOffFor', { range: range(o) })}
        removing={remove.isPending}
        onRemove={(o) =>
          remove.mutate(o.id, {
            onSuccess: () => {
              setMessage({ tone: 'success', text: t('practice.availability.timeOffRemoved') });
              requestAnimationFrame(() =>
                document.getElementById('practice-time-off-start')?.focus(),
              );
            },
          })
        }
      />
      <PracticeForm
        formRef={formRef}
        message={message}
        onSubmit={submit}
        submitLabel={t('practice.availability.addTimeOff')}
        pending={add.isPending}
      >
        <div className="practice-form__row">
          <TextField
            id="practice-time-off-start"
            type="datetime-local"
            label={t('practice.availability.timeOffStart')}
            value={values.start}
            error={errors.start}
            onChange={(e) => setValues((v) => ({ ...v, start: e.target.value }))}
          />
          <TextField
            type="datetime-local"
            label={t('practice.availability.timeOffEnd')}
            value={values.end}
            error={errors.end}
            onChange={(e) => setValues((v) => ({ ...v, end: e.target.value }))}
          />
        </div>
        <TextField
          label={t('practice.availability.timeOffReason')}
          description={t('practice.availability.timeOffReasonHelp')}
          value={values.reason}
          maxLength={200}
          error={errors.reason}
          onChange={(e) => setValues((v) => ({ ...v, reason: e.target.value }))}
        />
      </PracticeForm>
    </Card>
  );
}
