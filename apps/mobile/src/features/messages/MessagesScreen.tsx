import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { Screen } from '../../ui/Screen';

/** Messages with the care team and the circle (empty until messaging exists). */
export function MessagesScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <Screen>
      <EmptyState
        testID="messages-empty"
        title={t('empty.messages.title')}
        body={t('empty.messages.body')}
        hint={tm('hints.messages')}
      />
    </Screen>
  );
}
