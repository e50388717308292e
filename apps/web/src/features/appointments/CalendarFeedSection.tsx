import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendarFeedQuery, useRotateCalendarFeedMutation } from '@carecircle/client';
import { Alert, Button, Heading, LoadingState } from '../../ui/index.ts';
import { errorMessage } from '../booking/error-message.ts';

/**
 * "See your appointments in your calendar app": the private webcal address (asked for only
 * when someone opens it, since the first ask creates it), copy, and rotate with confirmation.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation(['common', 'web']);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string>();
  const feed = useCalendarFeedQuery({ enabled: open });
  const rotate = useRotateCalendarFeedMutation();
  const fieldId = useId();
  const rotateId = useId();
  // Focus follows the confirmation: to its heading when it opens, back to the button after.
  const opened = useRef(false);
  useEffect(() => {
    if (confirming) document.getElementById(`${rotateId}-heading`)?.focus();
    else if (opened.current) document.getElementById(`${rotateId}-button`)?.focus();
    opened.current = confirming;
  }, [confirming, rotateId]);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t('web:appointments.copied'));
    } catch {
      setMessage(t('web:appointments.copyFailed'));
    }
  };

  return (
    <section aria-labelledby="calendar-feed-heading" className="appointments-section calendar-feed">
      <Heading level={2} id="calendar-feed-heading">
        {t('web:appointments.feedHeading')}
      </Heading>
      <p>{t('web:appointments.feedIntro')}</p>
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t('web:appointments.feedShow')}
        </Button>
      ) : feed.isPending ? (
        <LoadingState label={t('web:appointments.feedLoading')} />
      ) : feed.isError ? (
        <Alert tone="error" title={t('web:appointments.feedFailed')}>
          <p>{errorMessage(feed.error, t)}</p>
        </Alert>
      ) : (
        <>
          <div className="cc-field">
            <label className="cc-field__label" htmlFor={fieldId}>
              {t('web:appointments.feedLabel')}
            </label>
            <p id={`${fieldId}-description`} className="cc-field__description">
              {t('web:appointments.feedPrivate')}
            </p>
            <input
              id={fieldId}
              className="cc-input calendar-feed__url"
              aria-describedby={`${fieldId}-description`}
              readOnly
              value={feed.data.webcalUrl}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <div className="appointments-actions">
            <Button onClick={() => void copy(feed.data.webcalUrl)}>
              {t('web:appointments.copy')}
            </Button>
            <a className="cc-button cc-button--secondary" href={feed.data.webcalUrl}>
              <span>{t('web:appointments.feedOpen')}</span>
            </a>
            {!confirming ? (
              <Button
                id={`${rotateId}-button`}
                variant="quiet"
                onClick={() => {
                  setConfirming(true);
                  setMessage(undefined);
                }}
              >
                {t('web:appointments.rotate')}
              </Button>
            ) : null}
          </div>
          {confirming ? (
            <div className="confirm-panel" role="group" aria-labelledby={`${rotateId}-heading`}>
              <Heading level={3} id={`${rotateId}-heading`} tabIndex={-1}>
                {t('web:appointments.rotateHeading')}
              </Heading>
              <p>{t('web:appointments.rotateBody')}</p>
              {rotate.isError ? (
                <Alert tone="error" title={t('web:appointments.rotateFailed')}>
                  <p>{errorMessage(rotate.error, t)}</p>
                </Alert>
              ) : null}
              <div className="appointments-actions">
                <Button
                  disabled={rotate.isPending}
                  onClick={() =>
                    rotate.mutate(undefined, {
                      onSuccess: () => {
                        setConfirming(false);
                        setMessage(t('web:appointments.rotated'));
                      },
                    })
                  }
                >
                  {t('web:appointments.rotateConfirm')}
                </Button>
                <Button
                  variant="secondary"
                  disabled={rotate.isPending}
                  onClick={() => setConfirming(false)}
                >
                  {t('web:appointments.rotateCancel')}
                </Button>
              </div>
            </div>
          ) : null}
          <div role="status" className="appointments-message">
            {message ? <p>{message}</p> : null}
          </div>
        </>
      )}
    </section>
  );
}
