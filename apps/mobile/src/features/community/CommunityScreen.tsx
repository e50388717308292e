import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { Screen } from '../../ui/Screen';

/** Community: support groups, forums and help from the circle (empty until groups exist). */
export function CommunityScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <Screen>
      <EmptyState
        testID="community-empty"
        title={t('empty.community.title')}
        body={t('empty.community.body')}
        hint={tm('hints.community')}
      />
    </Screen>
  );
}
