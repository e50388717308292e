import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelAppointmentMutation } from '@carecircle/client';
import type { Appointment } from '@carecircle/core';
import { Alert, Button, Heading } from '../../ui/index.ts';
import { errorMessage } from '../booking/error-message.ts';
import { useTogglePanel } from './use-toggle-panel.ts';

/** "Cancel appointment": asks why, then asks again before it cancels. */
export function CancelSection({
  appointment: a,
  onCancelled,
}: {
  appointment: Appointment;
  /** Told once it is cancelled (this section then goes: only booked visits can be cancelled). */
  onCancelled: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const cancel = useCancelAppointmentMutation();
  const { open, setOpen, id } = useTogglePanel();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setError(t('web:appointments.cancelReasonRequired'));
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setError(undefined);
    // Not mutate's onSuccess: the cancelled appointment is in the cache before that runs, so this
    // section (booked visits only) has gone and TanStack Query would drop the callback. The
    // promise still settles; a failure shows through cancel.isError.
    cancel
      .mutateAsync({ appointmentId: a.id, body: { reason: trimmed } })
      .then(() => onCancelled(t('web:appointments.cancelled')))
      .catch(() => undefined);
  };

  return (
    <div className="appointments-section">
      {!open ? (
        <Button id={`${id}-toggle`} variant="secondary" onClick={() => setOpen(true)}>
          {t('web:appointments.cancel')}
        </Button>
      ) : (
        <form className="confirm-panel" onSubmit={submit} noValidate>
          <Heading level={2} id={`${id}-heading`} tabIndex={-1}>
            {t('web:appointments.cancelHeading')}
          </Heading>
          <div className="cc-field">
            <label className="cc-field__label" htmlFor={`${id}-reason`}>
              {t('web:appointments.cancelReason')}
            </label>
            <p id={`${id}-help`} className="cc-field__description">
              {t('web:appointments.cancelReasonHelp')}
            </p>
            <textarea
              id={`${id}-reason`}
              className="cc-input"
              rows={3}
              maxLength={500}
              required
              aria-describedby={error ? `${id}-help ${id}-error` : `${id}-help`}
              aria-invalid={error ? true : undefined}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {error ? (
              <p id={`${id}-error`} className="cc-field__error" role="alert">
                <span>{error}</span>
              </p>
            ) : null}
          </div>
          {cancel.isError ? (
            <Alert tone="error" title={t('web:appointments.cancelFailed')}>
              <p>{errorMessage(cancel.error, t)}</p>
            </Alert>
          ) : null}
          <div className="appointments-actions">
            <Button type="submit" disabled={cancel.isPending}>
              {cancel.isPending
                ? t('web:appointments.cancelling')
                : t('web:appointments.cancelConfirm')}
            </Button>
            <Button
              variant="secondary"
              disabled={cancel.isPending}
              onClick={() => {
                setOpen(false);
                setError(undefined);
              }}
            >
              {t('web:appointments.cancelKeep')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
