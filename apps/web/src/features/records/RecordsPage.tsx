import { useTranslation } from 'react-i18next';
import { EmptyState, IconRecords } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';

export function RecordsPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('nav.records')} intro={t('web:pages.recordsIntro')}>
      <EmptyState
        icon={<IconRecords />}
        title={t('empty.records.title')}
        body={t('empty.records.body')}
      />
    </AreaPage>
  );
}
