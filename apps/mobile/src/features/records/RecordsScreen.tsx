import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { Screen } from '../../ui/Screen';

/** Health records: results, medicines, allergies and letters (empty until records exist). */
export function RecordsScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <Screen>
      <EmptyState
        testID="records-empty"
        title={t('empty.records.title')}
        body={t('empty.records.body')}
        hint={tm('hints.records')}
      />
    </Screen>
  );
}
