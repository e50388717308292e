import { useId, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useAddRecordEntry } from '@carecircle/client';
import {
  MEASUREMENTS,
  NewRecordEntry,
  type MeasurementKey,
  type RecordEntry,
} from '@carecircle/core';
import { Alert, Button, RadioGroup, Select, TextField } from '../../ui/index.ts';
import { problemDetail, useFocusFirstInvalid } from '../practice/problem-fields.ts';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import {
  buildEntry,
  fieldsOfKind,
  initialValues,
  isDateTimeField,
  isDayField,
  issueMessage,
  unitOf,
  type EntryField,
  type EntryKind,
  type EntryValues,
} from './new-entry.ts';
import './records.css';

type Errors = Partial<Record<EntryField, string>>;

/**
 * One form for every kind of new record entry (a picker when more than one kind is offered):
 * checked with the contract's zod schema before sending; a 400's field errors show next to
 * their fields.
 */
export function AddEntryForm({
  patientId,
  kinds,
  onDone,
}: {
  patientId?: string;
  kinds: NewRecordEntry['kind'][];
  onDone?: (entry: RecordEntry) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const formId = useId();
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [kind, setKind] = useState<EntryKind>(kinds[0] ?? 'note');
  const [values, setValues] = useState<EntryValues>(() => initialValues(kinds[0] ?? 'note'));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ detail?: string; other: string[] }>();
  const add = useAddRecordEntry(patientId);
  const fields: readonly EntryField[] = fieldsOfKind[kind];

  const changeKind = (next: string) => {
    const k = next as EntryKind;
    setKind(k);
    setValues(initialValues(k));
    setErrors({});
    setFailure(undefined);
  };
  const set = (field: EntryField, value: string) =>
    setValues((v) => {
      const next = { ...v, [field]: value };
      // A known measurement comes with its unit.
      if (field === 'measurement' && value !== 'other') next.unit = unitOf(value);
      return next;
    });

  const showErrors = (found: Errors) => {
    setErrors(found);
    focusInvalid();
  };

  const submit = () => {
    setFailure(undefined);
    const parsed = NewRecordEntry.safeParse(buildEntry(kind, values));
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        const field = fields.find((f) => f === path || path.startsWith(`${f}.`));
        if (field && !found[field]) {
          found[field] = issueMessage(kind, field, issue, values[field], t);
        }
      }
      // zod checks "a measurement or a code" only once the rest is valid: say it at once.
      if (kind === 'result' && !values.measurement) {
        found.measurement ??= t('web:records.add.errors.measurement');
      }
      showErrors(found);
      return;
    }
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: (entry) => {
        setValues(initialValues(kind));
        onDone?.(entry);
      },
      onError: (error) => {
        const found: Errors = {};
        const other: string[] = [];
        if (error instanceof ApiError) {
          for (const e of error.problem.errors ?? []) {
            const path = e.path.replace(/^(body|query|params)\./, '');
            const field = fields.find((f) => f === path || path.startsWith(`${f}.`));
            if (field) found[field] ??= e.message;
            else other.push(e.message);
          }
        }
        setFailure({ detail: problemDetail(error), other });
        showErrors(found);
      },
    });
  };

  const idOf = (field: EntryField) => `${formId}-${field.replace('.', '-')}`;
  /** A text-like input bound to one field. */
  const input = (
    field: EntryField,
    label: string,
    props: InputHTMLAttributes<HTMLInputElement> & { description?: string } = {},
  ) => (
    <TextField
      id={idOf(field)}
      label={label}
      value={values[field] ?? ''}
      error={errors[field]}
      onChange={(e) => set(field, e.target.value)}
      type={
        isDateTimeField(kind, field) ? 'datetime-local' : isDayField(kind, field) ? 'date' : 'text'
      }
      {...props}
    />
  );
  const optional = (label: string) => `${label} ${t('web:records.add.optional')}`;
  const area = (field: EntryField, label: string, required = false) => (
    <TextAreaField
      id={idOf(field)}
      label={required ? label : optional(label)}
      value={values[field] ?? ''}
      error={errors[field]}
      onChange={(e) => set(field, e.target.value)}
    />
  );
  const select = (
    field: EntryField,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <Select
      id={idOf(field)}
      label={label}
      value={values[field] ?? ''}
      error={errors[field]}
      onChange={(e) => set(field, e.target.value)}
      options={options}
    />
  );
  const none = { value: '', label: t('web:records.add.none') };
  const f = (key: string) => t(`web:records.add.fields.${key}` as 'web:records.add.fields.name');

  let body;
  switch (kind) {
    case 'result':
      body = (
        <>
          {select('measurement', f('measurement'), [
            { value: '', label: t('web:records.add.choose') },
            ...(Object.keys(MEASUREMENTS) as MeasurementKey[]).map((key) => ({
              value: key,
              label: t(`web:records.measurements.${key}`),
            })),
            { value: 'other', label: t('web:records.add.other') },
          ])}
          {values.measurement === 'other' ? (
            <div className="record-form__row">
              {input('code.code', f('code'), { inputMode: 'numeric' })}
              {input('code.display', f('codeDisplay'))}
            </div>
          ) : null}
          <div className="record-form__row">
            {input('value', f('value'), { inputMode: 'decimal', autoComplete: 'off' })}
            {input('unit', optional(f('unit')))}
          </div>
          {input('effective', f('effective'))}
          <div className="record-form__row">
            {input('referenceRange.low', optional(f('rangeLow')), { inputMode: 'decimal' })}
            {input('referenceRange.high', optional(f('rangeHigh')), { inputMode: 'decimal' })}
          </div>
          {area('note', f('note'))}
        </>
      );
      break;
    case 'taking':
    case 'prescription':
      body = (
        <>
          {input('name', f('name'))}
          {input('dosage', f('dosage'), { description: f('dosageHint') })}
          {kind === 'prescription'
            ? input('refills', optional(f('refills')), { inputMode: 'numeric' })
            : null}
          <div className="record-form__row">
            {input('startedOn', optional(f('startedOn')))}
            {kind === 'prescription' ? input('endsOn', optional(f('endsOn'))) : null}
          </div>
          {area('note', f('note'))}
        </>
      );
      break;
    case 'condition':
      body = (
        <>
          {input('name', f('conditionName'))}
          {select('status', f('conditionStatus'), [
            { value: 'active', label: t('web:records.status.active') },
            { value: 'resolved', label: t('web:records.status.resolved') },
          ])}
          {input('onset', optional(f('onset')))}
          {area('note', f('note'))}
        </>
      );
      break;
    case 'allergy':
      body = (
        <>
          {input('substance', f('substance'))}
          {select('category', optional(f('allergyCategory')), [
            none,
            ...(['food', 'medication', 'environment', 'biologic'] as const).map((c) => ({
              value: c,
              label: t(`web:records.add.allergyCategories.${c}`),
            })),
          ])}
          {select('criticality', optional(f('criticality')), [
            none,
            ...(['low', 'high', 'unable-to-assess'] as const).map((c) => ({
              value: c,
              label: t(`web:records.add.criticalities.${c}`),
            })),
          ])}
          {input('reaction', optional(f('reaction')))}
        </>
      );
      break;
    case 'immunization':
      body = (
        <>
          {input('vaccine', f('vaccine'))}
          {input('date', f('date'))}
          {input('lotNumber', optional(f('lotNumber')))}
        </>
      );
      break;
    case 'note':
      body = (
        <>
          {input('title', f('noteTitle'))}
          {area('text', f('noteText'), true)}
          {input('date', optional(f('noteDate')))}
        </>
      );
      break;
  }

  const fieldErrors = Object.keys(errors).length > 0;
  return (
    <form
      ref={formRef}
      className="record-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {kinds.length > 1 ? (
        <RadioGroup
          legend={t('web:records.add.kind')}
          value={kind}
          onChange={changeKind}
          options={kinds.map((k) => ({ value: k, label: t(`web:records.add.kinds.${k}`) }))}
        />
      ) : null}
      {failure ? (
        <Alert
          tone="error"
          title={fieldErrors ? t('web:records.add.failed') : t('web:records.add.failedOther')}
        >
          {failure.detail ? <p>{failure.detail}</p> : null}
          {failure.other.length > 0 ? (
            <ul>
              {failure.other.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {body}
      <div>
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? t('web:records.add.saving') : t('web:records.add.save')}
        </Button>
      </div>
    </form>
  );
}
