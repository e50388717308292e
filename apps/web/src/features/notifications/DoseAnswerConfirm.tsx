import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAnswerDoseMutation } from '@carecircle/client';
import { DoseAnswer } from '@carecircle/core';
import { Alert, Button, Card } from '../../ui/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SNOOZE_MINUTES = 10;

/**
 * A push notification's "Taken" / "Skip" / "Snooze" button opens `/notifications?dose=<id>&answer=…`
 * (the service worker cannot call the API with the person's token): the answer is asked once
 * more here, then recorded, so a stray click on a lock screen records nothing by itself.
 */
export function DoseAnswerConfirm({ onAnswered }: { onAnswered: (message: string) => void }) {
  const { t } = useTranslation('web');
  const [params, setParams] = useSearchParams();
  const answerDose = useAnswerDoseMutation();
  const doseId = params.get('dose') ?? '';
  const answer = DoseAnswer.safeParse(params.get('answer'));
  if (!UUID.test(doseId) || !answer.success) return null;
  const value = answer.data;
  const clear = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('dose');
        next.delete('answer');
        return next;
      },
      { replace: true },
    );
  return (
    <Card title={t('notifications.dose.confirmTitle')}>
      <p>{t(`notifications.dose.confirmBody.${value}`)}</p>
      {answerDose.isError && <Alert tone="error" title={t('notifications.actionFailed')} />}
      <div className="notification-item__actions">
        <Button
          disabled={answerDose.isPending}
          onClick={() =>
            answerDose.mutate(
              {
                doseId,
                answer: value,
                snoozeMinutes: value === 'snoozed' ? SNOOZE_MINUTES : undefined,
              },
              {
                onSuccess: () => {
                  onAnswered(t(`notifications.dose.answered.${value}`));
                  clear();
                },
              },
            )
          }
        >
          {t('notifications.dose.confirm')}
        </Button>
        <Button variant="secondary" onClick={clear}>
          {t('notifications.dose.cancel')}
        </Button>
      </div>
    </Card>
  );
}
