import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useTranslation } from 'react-i18next';
import {
  invalidateNotifications,
  useAnswerDoseMutation,
  useMarkNotificationReadMutation,
} from '@carecircle/client';
import { SNOOZE_MINUTES } from './DoseAnswers';
import type { ListenToPush, PushResponse } from './push-events';

/**
 * Acts on push notifications while someone is signed in: one arriving refreshes the centre and
 * the bell; opening one marks it read and shows the centre; a dose button answers the dose
 * (and reads the reminder) without opening anything.
 */
export function usePushResponses(listen: ListenToPush, signedIn: boolean) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { i18n } = useTranslation('mobile');
  const { mutate: markRead } = useMarkNotificationReadMutation();
  const { mutate: answerDose } = useAnswerDoseMutation();
  // The latest callbacks, so a new render does not restart the listener.
  const respond = useRef<(response: PushResponse) => void>(() => undefined);
  useEffect(() => {
    respond.current = (response) => {
      if (response.notificationId) markRead(response.notificationId);
      if (response.answer && response.doseId) {
        answerDose({
          doseId: response.doseId,
          answer: response.answer,
          snoozeMinutes: response.answer === 'snoozed' ? SNOOZE_MINUTES : undefined,
        });
        return;
      }
      router.push('/notifications');
    };
  });

  useEffect(() => {
    if (!signedIn) return;
    const t = (key: 'taken' | 'skip' | 'snooze') =>
      i18n.t(`notifications.dose.${key}`, { ns: 'mobile', minutes: SNOOZE_MINUTES });
    return listen(
      {
        onReceived: () => void invalidateNotifications(queryClient),
        onResponse: (response) => respond.current(response),
      },
      { taken: t('taken'), skip: t('skip'), snooze: t('snooze') },
    );
  }, [listen, signedIn, queryClient, i18n]);
}
