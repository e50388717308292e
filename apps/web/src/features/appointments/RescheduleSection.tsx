import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSlotUnavailable, useRescheduleAppointmentMutation } from '@carecircle/client';
import type { Appointment, Slot } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading } from '../../ui/index.ts';
import { SlotPicker } from '../booking/SlotPicker.tsx';
import { weekIndexOf } from '../booking/booking-dates.ts';
import { errorMessage } from '../booking/error-message.ts';
import { useTogglePanel } from './use-toggle-panel.ts';

/** "Change the time": pick a free slot of the same visit, confirm, and the move is atomic. */
export function RescheduleSection({ appointment: a }: { appointment: Appointment }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const reschedule = useRescheduleAppointmentMutation();
  const { open, setOpen, id } = useTogglePanel();
  const [week, setWeek] = useState(() => weekIndexOf(new Date(a.start), new Date()));
  const [picked, setPicked] = useState<Slot>();
  const [done, setDone] = useState<string>();
  useEffect(() => {
    if (picked) document.getElementById(`${id}-confirm`)?.focus();
  }, [picked, id]);

  const taken = reschedule.isError && isSlotUnavailable(reschedule.error);

  const confirm = (slot: Slot) =>
    reschedule.mutate(
      { appointmentId: a.id, body: { start: slot.start } },
      {
        onSuccess: (moved) => {
          setPicked(undefined);
          setOpen(false);
          setDone(
            t('web:appointments.rescheduled', {
              when: formatDateTime(new Date(moved.start), { locale }),
            }),
          );
        },
        onError: () => setPicked(undefined),
      },
    );

  return (
    <div className="appointments-section">
      <div role="status" className="appointments-message">
        {done ? <p>{done}</p> : null}
      </div>
      {!open ? (
        <Button
          id={`${id}-toggle`}
          variant="secondary"
          onClick={() => {
            setDone(undefined);
            reschedule.reset();
            setOpen(true);
          }}
        >
          {t('web:appointments.reschedule')}
        </Button>
      ) : (
        <div className="reschedule-panel">
          <Heading level={2} id={`${id}-heading`} tabIndex={-1}>
            {t('web:appointments.rescheduleHeading')}
          </Heading>
          {taken ? (
            <Alert tone="error" title={t('web:appointments.rescheduleTaken')} />
          ) : reschedule.isError ? (
            <Alert tone="error" title={t('web:appointments.rescheduleFailed')}>
              <p>{errorMessage(reschedule.error, t)}</p>
            </Alert>
          ) : null}
          {picked ? (
            <div className="appointments-actions">
              <Button
                id={`${id}-confirm`}
                disabled={reschedule.isPending}
                onClick={() => confirm(picked)}
              >
                {reschedule.isPending
                  ? t('web:appointments.rescheduling')
                  : t('web:appointments.rescheduleConfirm', {
                      when: formatDateTime(new Date(picked.start), { locale }),
                    })}
              </Button>
              <Button
                variant="secondary"
                disabled={reschedule.isPending}
                onClick={() => setPicked(undefined)}
              >
                {t('web:booking.chooseAnother')}
              </Button>
            </div>
          ) : (
            <SlotPicker
              providerId={a.provider.id}
              appointmentTypeId={a.appointmentType.id}
              clinicTimeZone={a.provider.location.timeZone}
              week={week}
              onWeekChange={setWeek}
              onPick={(slot) => {
                reschedule.reset();
                setPicked(slot);
              }}
              exclude={a.start}
            />
          )}
          <Button variant="quiet" onClick={() => setOpen(false)}>
            {t('web:appointments.rescheduleKeep')}
          </Button>
        </div>
      )}
    </div>
  );
}
