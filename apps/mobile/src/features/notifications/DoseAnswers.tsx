import { StyleSheet, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import { useAnswerDoseMutation } from '@carecircle/client';
import type { DoseAnswer, Notification } from '@carecircle/core';
import { AppText } from '../../ui/AppText';
import { Button } from '../../ui/Button';
import { spacing, usePalette } from '../../ui/theme';

/** How long "Snooze" waits before the reminder comes again. */
export const SNOOZE_MINUTES = 15;

const answerOf = {
  'dose:taken': 'taken',
  'dose:skipped': 'skipped',
  'dose:snoozed': 'snoozed',
} as const satisfies Record<string, DoseAnswer>;

type DoseActionId = keyof typeof answerOf;

/** The dose buttons a medication reminder offers, in the server's order. */
export function doseActionsOf(notification: Notification) {
  return notification.actions.flatMap((action) =>
    action.id in answerOf && action.doseId
      ? [{ id: action.id as DoseActionId, doseId: action.doseId }]
      : [],
  );
}

export interface DoseAnswersProps {
  notification: Notification;
  /** Called once the answer is saved (the reminder is then read). */
  onAnswered: () => void;
}

/**
 * Taken / Skip / Snooze under a medication reminder. Each button names the reminder for screen
 * readers ("Taken: Time for Metformin 500 mg"); once saved, the buttons give way to what was
 * recorded, announced politely.
 */
export function DoseAnswers({ notification, onAnswered }: DoseAnswersProps) {
  const { t } = useTranslation('mobile');
  const palette = usePalette();
  const answer = useAnswerDoseMutation();
  const actions = doseActionsOf(notification);
  if (actions.length === 0) return null;

  if (answer.isSuccess) {
    return (
      <AppText accessibilityLiveRegion="polite" variant="label">
        {t(`notifications.dose.answered_${answer.variables.answer}`, { minutes: SNOOZE_MINUTES })}
      </AppText>
    );
  }

  const title = notification.title;
  const labels: Record<DoseActionId, { label: string; a11y: string }> = {
    'dose:taken': {
      label: t('notifications.dose.taken'),
      a11y: t('notifications.dose.takenA11y', { title }),
    },
    'dose:skipped': {
      label: t('notifications.dose.skip'),
      a11y: t('notifications.dose.skipA11y', { title }),
    },
    'dose:snoozed': {
      label: t('notifications.dose.snooze', { minutes: SNOOZE_MINUTES }),
      a11y: t('notifications.dose.snoozeA11y', { minutes: SNOOZE_MINUTES, title }),
    },
  };

  return (
    <View style={styles.box}>
      <View style={styles.row}>
        {actions.map((action) => {
          const doseAnswer = answerOf[action.id];
          return (
            <Button
              key={action.id}
              label={labels[action.id].label}
              accessibilityLabel={labels[action.id].a11y}
              variant={doseAnswer === 'taken' ? 'primary' : 'secondary'}
              disabled={answer.isPending}
              accessibilityState={{ disabled: answer.isPending }}
              onPress={() =>
                answer.mutate(
                  {
                    doseId: action.doseId,
                    answer: doseAnswer,
                    snoozeMinutes: doseAnswer === 'snoozed' ? SNOOZE_MINUTES : undefined,
                  },
                  { onSuccess: onAnswered },
                )
              }
            />
          );
        })}
      </View>
      {answer.isError ? (
        <AppText accessibilityRole="alert" style={{ color: palette.danger }}>
          {t('notifications.dose.error')}
        </AppText>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: spacing.sm },
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm },
});
