import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '@carecircle/core';
import { useCancelAppointmentMutation } from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading, TextField } from '../../ui/index.ts';
import { problemDetail, problemFieldErrors } from './problem-fields.ts';

const focusable =
  'button:not(:disabled), input:not(:disabled), textarea:not(:disabled), select:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * "Cancel this appointment?" with the reason the patient will see. A modal dialog: focus starts
 * in the reason, stays inside, Escape keeps the appointment.
 */
export function CancelAppointmentDialog({
  appointment,
  timeZone,
  onClose,
}: {
  appointment: Appointment;
  timeZone: string;
  /** `cancelled` is the updated appointment, when it was cancelled. */
  onClose: (cancelled?: Appointment) => void;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const cancel = useCancelAppointmentMutation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const titleId = useId();
  const whoId = useId();
  const reasonId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.getElementById(reasonId)?.focus();
  }, [reasonId]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !cancel.isPending) {
      e.preventDefault();
      onClose();
    }
    if (e.key !== 'Tab' || !dialogRef.current) return;
    const items = [...dialogRef.current.querySelectorAll<HTMLElement>(focusable)];
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  const submit = () => {
    if (!reason.trim()) {
      setError(t('practice.schedule.cancelReasonRequired'));
      document.getElementById(reasonId)?.focus();
      return;
    }
    setError(undefined);
    cancel.mutate(
      { appointmentId: appointment.id, body: { reason: reason.trim() } },
      {
        onSuccess: (updated) => onClose(updated),
        onError: (err) => {
          const fieldError = problemFieldErrors(err).reason;
          if (fieldError) {
            setError(fieldError);
            document.getElementById(reasonId)?.focus();
          }
        },
      },
    );
  };
  const otherError = cancel.isError && !problemFieldErrors(cancel.error).reason;

  // On top of everything, the fixed bottom bar included.
  return createPortal(
    <div className="practice-dialog__backdrop">
      <div
        ref={dialogRef}
        className="practice-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={whoId}
        onKeyDown={onKeyDown}
      >
        <Heading level={2} id={titleId} className="practice-dialog__title">
          {t('practice.schedule.cancelTitle')}
        </Heading>
        <p id={whoId} className="practice-dialog__who">
          {t('practice.schedule.cancelWho', {
            name: appointment.patient.name,
            when: formatDateTime(new Date(appointment.start), { locale, timeZone }),
            type: appointment.appointmentType.name,
          })}
        </p>
        <form
          noValidate
          className="practice-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextField
            id={reasonId}
            label={t('practice.schedule.cancelReason')}
            description={t('practice.schedule.cancelReasonHelp')}
            error={error}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
          {otherError && (
            <Alert
              tone="error"
              title={t('practice.schedule.actionFailed', {
                detail: problemDetail(cancel.error) ?? '',
              })}
            />
          )}
          <div className="practice-actions">
            <Button type="submit" disabled={cancel.isPending}>
              {t('practice.schedule.cancelConfirm')}
            </Button>
            <Button variant="secondary" disabled={cancel.isPending} onClick={() => onClose()}>
              {t('practice.schedule.cancelKeep')}
            </Button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
