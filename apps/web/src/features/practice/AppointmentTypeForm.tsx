import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentType, AppointmentTypeInput, Modality } from '@carecircle/core';
import { Alert, Button, Heading, Select, TextField } from '../../ui/index.ts';
import { problemFieldErrors, useFocusFirstInvalid } from './problem-fields.ts';

const numberFields = [
  'durationMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minimumNoticeMinutes',
  'bookingHorizonDays',
] as const;
type NumberField = (typeof numberFields)[number];
type Field = 'name' | 'modality' | NumberField;
type Values = Record<Exclude<Field, 'modality'>, string> & { modality: Modality };

const blank: Values = {
  name: '',
  durationMinutes: '30',
  bufferBeforeMinutes: '0',
  bufferAfterMinutes: '0',
  modality: 'in_person',
  minimumNoticeMinutes: '60',
  bookingHorizonDays: '90',
};

function valuesOf(type: AppointmentType | undefined): Values {
  if (!type) return blank;
  return {
    name: type.name,
    durationMinutes: String(type.durationMinutes),
    bufferBeforeMinutes: String(type.bufferBeforeMinutes),
    bufferAfterMinutes: String(type.bufferAfterMinutes),
    modality: type.modality,
    minimumNoticeMinutes: String(type.minimumNoticeMinutes),
    bookingHorizonDays: String(type.bookingHorizonDays),
  };
}

/** Add or change an appointment type; field errors from the server show next to each field. */
export function AppointmentTypeForm({
  type,
  pending,
  onSubmit,
  onDiscard,
}: {
  /** The type being changed; a new one when left out. */
  type?: AppointmentType;
  pending: boolean;
  /** Resolves when saved; rejects with the API error otherwise. */
  onSubmit: (input: AppointmentTypeInput) => Promise<unknown>;
  onDiscard: () => void;
}) {
  const { t } = useTranslation('web');
  const [values, setValues] = useState<Values>(() => valuesOf(type));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failed, setFailed] = useState(false);
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const set = (field: Field, value: string) => setValues((v) => ({ ...v, [field]: value }));
  useEffect(() => {
    // Opening the form moves focus into it, to its first field.
    formRef.current?.querySelector<HTMLElement>('input')?.focus();
  }, [formRef]);

  const submit = async () => {
    const found: typeof errors = {};
    if (!values.name.trim()) found.name = t('practice.types.nameRequired');
    const numbers = {} as Record<NumberField, number>;
    for (const f of numberFields) {
      const n = Number(values[f]);
      if (values[f].trim() === '' || !Number.isInteger(n))
        found[f] = t('practice.types.wholeNumber');
      numbers[f] = n;
    }
    setErrors(found);
    setFailed(false);
    if (Object.keys(found).length > 0) {
      focusInvalid();
      return;
    }
    try {
      await onSubmit({ name: values.name.trim(), modality: values.modality, ...numbers });
    } catch (err) {
      const byPath = problemFieldErrors(err);
      const mapped: typeof errors = {};
      for (const f of ['name', 'modality', ...numberFields] as const) {
        if (byPath[f]) mapped[f] = byPath[f];
      }
      setErrors(mapped);
      setFailed(true);
      focusInvalid();
    }
  };

  const numberField = (field: NumberField, label: string, description?: string) => (
    <TextField
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      label={label}
      description={description}
      value={values[field]}
      error={errors[field]}
      onChange={(e) => set(field, e.target.value)}
    />
  );

  return (
    <form
      ref={formRef}
      noValidate
      className="practice-form practice-type-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Heading level={3} className="practice-type-form__title">
        {type ? t('practice.types.editTitle', { name: type.name }) : t('practice.types.addTitle')}
      </Heading>
      <TextField
        label={t('practice.types.name')}
        description={t('practice.types.nameHelp')}
        value={values.name}
        maxLength={100}
        error={errors.name}
        onChange={(e) => set('name', e.target.value)}
      />
      <div className="practice-form__row">
        {numberField('durationMinutes', t('practice.types.duration'))}
        <Select
          label={t('practice.types.modality')}
          value={values.modality}
          error={errors.modality}
          options={(['in_person', 'video', 'phone'] as const).map((m) => ({
            value: m,
            label: t(`modality.${m}`),
          }))}
          onChange={(e) => set('modality', e.target.value)}
        />
      </div>
      <div className="practice-form__row">
        {numberField(
          'bufferBeforeMinutes',
          t('practice.types.bufferBefore'),
          t('practice.types.bufferHelp'),
        )}
        {numberField('bufferAfterMinutes', t('practice.types.bufferAfter'))}
      </div>
      <div className="practice-form__row">
        {numberField(
          'minimumNoticeMinutes',
          t('practice.types.minimumNotice'),
          t('practice.types.minimumNoticeHelp'),
        )}
        {numberField('bookingHorizonDays', t('practice.types.horizon'))}
      </div>
      {failed && <Alert tone="error" title={t('practice.saveFailed')} />}
      <div className="practice-actions">
        <Button type="submit" disabled={pending}>
          {type ? t('practice.types.save') : t('practice.types.add')}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onDiscard}>
          {t('practice.types.discard')}
        </Button>
      </div>
    </form>
  );
}
