import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  useCreateMedicationScheduleMutation,
  useUpdateMedicationScheduleMutation,
} from '@carecircle/client';
import {
  NewMedicationSchedule,
  UpdateMedicationSchedule,
  type MedicationSchedule,
  type RecordEntry,
} from '@carecircle/core';
import { Alert, Button, CheckboxGroup, Heading, Select, TextField } from '../../ui/index.ts';
import { problemDetail, useFocusFirstInvalid } from '../practice/problem-fields.ts';
import { localToday, weekdayKey } from './medication-format.ts';

type Errors = Partial<Record<string, string>>;

interface Values {
  medication: string;
  times: string[];
  daysOfWeek: string[];
  startDate: string;
  endDate: string;
  missedAfterMinutes: string;
  notifyCaregivers: boolean;
  active: boolean;
}

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const refOf = (m: { resourceType: string; id: string }) => `${m.resourceType}/${m.id}`;

function initialValues(schedule: MedicationSchedule | undefined): Values {
  return schedule
    ? {
        medication: refOf(schedule.medication),
        times: [...schedule.times],
        daysOfWeek: schedule.daysOfWeek.map(String),
        startDate: schedule.startDate,
        endDate: schedule.endDate ?? '',
        missedAfterMinutes: String(schedule.missedAfterMinutes),
        notifyCaregivers: schedule.notifyCaregivers,
        active: schedule.active,
      }
    : {
        medication: '',
        times: ['08:00'],
        daysOfWeek: [],
        startDate: localToday(),
        endDate: '',
        missedAfterMinutes: '60',
        notifyCaregivers: true,
        active: true,
      };
}

/** Where a zod or server path points in this form: `times.1` stays, `medication.id` → medication. */
function keyOf(path: string): string {
  const p = path.replace(/^(body|query|params)\./, '');
  if (p.startsWith('medication')) return 'medication';
  if (/^times\.\d+$/.test(p)) return p;
  const top = p.split('.')[0] ?? p;
  return top;
}

/** Add or change a medicine's reminder plan; the server's field errors show on their fields. */
export function ScheduleForm({
  schedule,
  medications,
  onDone,
  onCancel,
}: {
  schedule?: MedicationSchedule;
  /** The record's active medicines to choose from (new plans). */
  medications: readonly RecordEntry[];
  onDone: (saved: MedicationSchedule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const formId = useId();
  const headingId = `${formId}-heading`;
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [values, setValues] = useState<Values>(() => initialValues(schedule));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string>();
  const create = useCreateMedicationScheduleMutation();
  const update = useUpdateMedicationScheduleMutation();
  const saving = create.isPending || update.isPending;
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const showErrors = (found: Errors, detail?: string) => {
    setErrors(found);
    setFailure(detail ?? t('web:medications.form.failed'));
    focusInvalid();
  };

  const fields = () => ({
    times: values.times.map((s) => s.trim()),
    daysOfWeek: values.daysOfWeek.map(Number),
    startDate: values.startDate,
    endDate: values.endDate || null,
    missedAfterMinutes: Number(values.missedAfterMinutes),
    notifyCaregivers: values.notifyCaregivers,
  });

  const clientMessage = (key: string): string | undefined => {
    if (key === 'medication') return t('web:medications.form.errors.medication');
    if (key.startsWith('times.')) return t('web:medications.form.errors.time');
    if (key === 'times') return t('web:medications.form.errors.times');
    if (key === 'startDate') return t('web:medications.form.errors.startDate');
    if (key === 'missedAfterMinutes') return t('web:medications.form.errors.missedAfter');
    return undefined;
  };

  const onServerError = (error: unknown) => {
    const found: Errors = {};
    if (error instanceof ApiError) {
      for (const e of error.problem.errors ?? []) found[keyOf(e.path)] ??= e.message;
    }
    showErrors(found, problemDetail(error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const [resourceType, id] = values.medication.split('/');
    const parsed = schedule
      ? UpdateMedicationSchedule.safeParse({ ...fields(), active: values.active })
      : NewMedicationSchedule.safeParse({ medication: { resourceType, id }, ...fields() });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = keyOf(issue.path.map(String).join('.'));
        found[key] ??= clientMessage(key) ?? issue.message;
      }
      showErrors(found);
      return;
    }
    setErrors({});
    if (schedule) {
      update.mutate(
        { scheduleId: schedule.id, changes: parsed.data },
        { onSuccess: onDone, onError: onServerError },
      );
    } else {
      create.mutate(parsed.data as NewMedicationSchedule, {
        onSuccess: onDone,
        onError: onServerError,
      });
    }
  };

  const idOf = (field: string) => `${formId}-${field.replace('.', '-')}`;
  const medicineOptions = [
    { value: '', label: t('web:medications.form.choose') },
    ...medications.map((m) => ({ value: refOf(m), label: m.title })),
  ];

  return (
    <form
      ref={formRef}
      aria-labelledby={headingId}
      noValidate
      onSubmit={submit}
      className="schedule-form"
    >
      <Heading level={3} id={headingId}>
        {schedule ? t('web:medications.form.titleEdit') : t('web:medications.form.titleNew')}
      </Heading>
      {failure ? <Alert tone="error" title={failure} /> : null}
      {schedule ? (
        <p>
          <strong>{schedule.medication.title}</strong>
        </p>
      ) : (
        <Select
          id={idOf('medication')}
          label={t('web:medications.form.medication')}
          options={medicineOptions}
          value={values.medication}
          error={errors.medication}
          onChange={(e) => set('medication', e.target.value)}
        />
      )}
      <fieldset className="schedule-form__times" aria-describedby={`${formId}-times-help`}>
        <legend className="cc-field__label">{t('web:medications.form.times')}</legend>
        <p id={`${formId}-times-help`} className="cc-field__description">
          {t('web:medications.form.timesHelp')}
        </p>
        {errors.times ? (
          <p className="cc-field__error" role="alert">
            {errors.times}
          </p>
        ) : null}
        {values.times.map((time, i) => (
          <div key={i} className="schedule-form__time">
            <TextField
              id={idOf(`times.${i}`)}
              label={t('web:medications.form.time', { n: i + 1 })}
              value={time}
              inputMode="numeric"
              placeholder="08:00"
              error={errors[`times.${i}`]}
              onChange={(e) =>
                set(
                  'times',
                  values.times.map((v, j) => (j === i ? e.target.value : v)),
                )
              }
            />
            {values.times.length > 1 ? (
              <Button
                variant="quiet"
                onClick={() =>
                  set(
                    'times',
                    values.times.filter((_, j) => j !== i),
                  )
                }
              >
                {t('web:medications.form.removeTime', { n: i + 1 })}
              </Button>
            ) : null}
          </div>
        ))}
        {values.times.length < 12 ? (
          <Button variant="secondary" onClick={() => set('times', [...values.times, ''])}>
            {t('web:medications.form.addTime')}
          </Button>
        ) : null}
      </fieldset>
      <CheckboxGroup
        legend={t('web:medications.form.days')}
        description={t('web:medications.form.daysHelp')}
        error={errors.daysOfWeek}
        values={values.daysOfWeek}
        options={WEEKDAYS.map((d) => ({
          value: d,
          label: t(`web:medications.weekdays.${weekdayKey(Number(d))}`),
        }))}
        onChange={(v) => set('daysOfWeek', v)}
      />
      <TextField
        id={idOf('startDate')}
        type="date"
        label={t('web:medications.form.startDate')}
        value={values.startDate}
        error={errors.startDate}
        onChange={(e) => set('startDate', e.target.value)}
      />
      <TextField
        id={idOf('endDate')}
        type="date"
        label={t('web:medications.form.endDate')}
        value={values.endDate}
        error={errors.endDate}
        onChange={(e) => set('endDate', e.target.value)}
      />
      <TextField
        id={idOf('missedAfterMinutes')}
        label={t('web:medications.form.missedAfter')}
        description={t('web:medications.form.missedAfterHelp')}
        inputMode="numeric"
        value={values.missedAfterMinutes}
        error={errors.missedAfterMinutes}
        onChange={(e) => set('missedAfterMinutes', e.target.value)}
      />
      <label className="cc-radio">
        <input
          type="checkbox"
          checked={values.notifyCaregivers}
          onChange={(e) => set('notifyCaregivers', e.target.checked)}
        />
        <span>{t('web:medications.form.notifyCaregivers')}</span>
      </label>
      {schedule ? (
        <label className="cc-radio">
          <input
            type="checkbox"
            checked={values.active}
            onChange={(e) => set('active', e.target.checked)}
          />
          <span>{t('web:medications.form.active')}</span>
        </label>
      ) : null}
      <div className="schedule-form__buttons">
        <Button type="submit" disabled={saving}>
          {saving ? t('web:medications.form.saving') : t('web:medications.form.save')}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          {t('web:medications.form.cancel')}
        </Button>
      </div>
    </form>
  );
}
