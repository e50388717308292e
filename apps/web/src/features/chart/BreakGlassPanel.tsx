import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BREAK_GLASS_HOURS, BREAK_GLASS_REASON_MIN, BreakGlassInput } from '@carecircle/core';
import { useBreakGlass } from '@carecircle/client';
import { Alert, Button, Heading } from '../../ui/index.ts';
import { problemDetail, problemFieldErrors } from '../practice/problem-fields.ts';
import { TextAreaField } from '../../ui/TextAreaField.tsx';

/**
 * A provider without a care relationship: the record stays closed unless they open it in an
 * emergency, giving a reason (checked with the endpoint's own schema), after a confirm step.
 * On success the chart loads again (the hook refreshes the record).
 */
export function BreakGlassPanel({ patientId }: { patientId: string }) {
  const { t } = useTranslation('web');
  const breakGlass = useBreakGlass();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const reasonId = useId();
  const confirmRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const onContinue = (e: FormEvent) => {
    e.preventDefault();
    const parsed = BreakGlassInput.safeParse({ patientId, reason });
    if (!parsed.success) {
      setError(t('chart.breakGlass.reasonInvalid', { min: BREAK_GLASS_REASON_MIN }));
      document.getElementById(reasonId)?.focus();
      return;
    }
    setError(undefined);
    setConfirming(true);
  };

  const onConfirm = () => {
    const input = BreakGlassInput.parse({ patientId, reason });
    breakGlass.mutate(input, {
      onError: (err) => {
        const fieldError = problemFieldErrors(err).reason;
        if (fieldError) {
          setError(fieldError);
          setConfirming(false);
        }
      },
    });
  };

  const onBack = () => {
    setConfirming(false);
    requestAnimationFrame(() => document.getElementById(reasonId)?.focus());
  };

  return (
    <section className="chart-break-glass" aria-labelledby={headingId}>
      <Heading level={2} id={headingId}>
        {t('chart.breakGlass.title')}
      </Heading>
      <p>{t('chart.breakGlass.intro')}</p>
      <p>{t('chart.breakGlass.rules', { hours: BREAK_GLASS_HOURS })}</p>
      <form className="chart-break-glass__form" onSubmit={onContinue} noValidate>
        <TextAreaField
          id={reasonId}
          label={t('chart.breakGlass.reason')}
          description={t('chart.breakGlass.reasonHelp', { min: BREAK_GLASS_REASON_MIN })}
          error={error}
          value={reason}
          rows={4}
          maxLength={1000}
          readOnly={confirming}
          onChange={(e) => setReason(e.target.value)}
        />
        {!confirming && (
          <div>
            <Button type="submit">{t('chart.breakGlass.continue')}</Button>
          </div>
        )}
      </form>
      {confirming && (
        <div className="chart-break-glass__confirm">
          <h3 className="cc-heading cc-heading--3" tabIndex={-1} ref={confirmRef}>
            {t('chart.breakGlass.confirmTitle')}
          </h3>
          <p>{t('chart.breakGlass.confirmBody')}</p>
          {breakGlass.isError && !problemFieldErrors(breakGlass.error).reason && (
            <Alert tone="error" title={t('chart.breakGlass.failed')}>
              {problemDetail(breakGlass.error)}
            </Alert>
          )}
          <div className="chart-break-glass__actions">
            <Button onClick={onConfirm} disabled={breakGlass.isPending}>
              {breakGlass.isPending ? t('chart.breakGlass.opening') : t('chart.breakGlass.confirm')}
            </Button>
            <Button variant="secondary" onClick={onBack} disabled={breakGlass.isPending}>
              {t('chart.breakGlass.cancel')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
