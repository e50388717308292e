import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDeleteMedicationScheduleMutation,
  useMedicationSchedulesQuery,
  useRecordSummaryQuery,
} from '@carecircle/client';
import type { MedicationSchedule } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button, Heading, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { clockTime, doseMoment, weekdayKey } from './medication-format.ts';
import { ScheduleForm } from './ScheduleForm.tsx';

/** Record statuses of a medicine one may still plan reminders for. */
const ACTIVE = new Set(['active', 'intended', 'on-hold', 'draft', null]);

/** The reminder plans, each with Change / Stop; and the form to add or change one. */
export function SchedulesSection({
  canManage,
  announce,
}: {
  canManage: boolean;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const headingId = useId();
  const schedules = useMedicationSchedulesQuery();
  const summary = useRecordSummaryQuery();
  const remove = useDeleteMedicationScheduleMutation();
  const [editing, setEditing] = useState<MedicationSchedule | 'new'>();
  const medicines = (summary.data?.medications ?? []).filter((m) => ACTIVE.has(m.status));

  const done = (saved: MedicationSchedule) => {
    setEditing(undefined);
    announce(t('web:medications.schedules.saved', { medicine: saved.medication.title }));
  };

  return (
    <section aria-labelledby={headingId} className="medications-section">
      <Heading level={2} id={headingId}>
        {t('web:medications.schedules.title')}
      </Heading>
      {schedules.isPending ? (
        <LoadingState label={t('web:medications.schedules.loading')} />
      ) : schedules.isError ? (
        <QueryErrorAlert title={t('web:medications.schedules.failed')} query={schedules} />
      ) : schedules.data.schedules.length === 0 ? (
        <p>{t('web:medications.schedules.empty')}</p>
      ) : (
        <ul className="schedule-list">
          {schedules.data.schedules.map((s) => (
            <ScheduleItem
              key={s.id}
              schedule={s}
              canManage={canManage && editing === undefined}
              onEdit={() => setEditing(s)}
              onRemove={() =>
                remove.mutate(s.id, {
                  onSuccess: () =>
                    announce(
                      t('web:medications.schedules.removed', { medicine: s.medication.title }),
                    ),
                })
              }
            />
          ))}
        </ul>
      )}
      {canManage && editing !== undefined ? (
        <ScheduleForm
          key={editing === 'new' ? 'new' : editing.id}
          schedule={editing === 'new' ? undefined : editing}
          medications={medicines}
          onDone={done}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      {canManage && editing === undefined ? (
        medicines.length > 0 ? (
          <Button onClick={() => setEditing('new')}>{t('web:medications.schedules.add')}</Button>
        ) : summary.isSuccess ? (
          <p>{t('web:medications.schedules.noMedicines')}</p>
        ) : null
      ) : null}
    </section>
  );
}

function ScheduleItem({
  schedule: s,
  canManage,
  onEdit,
  onRemove,
}: {
  schedule: MedicationSchedule;
  canManage: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const medicine = s.medication.title;
  const days =
    s.daysOfWeek.length === 0 || s.daysOfWeek.length === 7
      ? t('web:medications.schedules.everyDay')
      : s.daysOfWeek.map((d) => t(`web:medications.weekdays.${weekdayKey(d)}`)).join(', ');
  return (
    <li className="schedule-item">
      <span className="schedule-item__name">{medicine}</span>
      {s.medication.details ? (
        <span className="schedule-item__fact">{s.medication.details}</span>
      ) : null}
      <span className="schedule-item__fact">
        {t('web:medications.schedules.times', { times: s.times.map(clockTime).join(', ') })}
        {' · '}
        {days}
      </span>
      {!s.active ? (
        <span className="schedule-item__fact">{t('web:medications.schedules.paused')}</span>
      ) : s.nextDoseAt ? (
        <span className="schedule-item__fact">
          {t('web:medications.schedules.next', {
            when: doseMoment(s.nextDoseAt, locale, s.timeZone),
          })}
        </span>
      ) : null}
      <span className="schedule-item__fact">
        {t('web:medications.schedules.zone', { zone: s.timeZone })}
      </span>
      {canManage ? (
        <span className="schedule-item__actions">
          <Button
            variant="secondary"
            aria-label={t('web:medications.schedules.edit', { medicine })}
            onClick={onEdit}
          >
            {t('web:medications.schedules.editShort')}
          </Button>
          <Button
            variant="quiet"
            aria-label={t('web:medications.schedules.remove', { medicine })}
            onClick={onRemove}
          >
            {t('web:medications.schedules.removeShort')}
          </Button>
        </span>
      ) : null}
    </li>
  );
}
