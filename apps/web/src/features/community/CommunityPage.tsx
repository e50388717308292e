import { useTranslation } from 'react-i18next';
import { EmptyState, IconCommunity } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';

export function CommunityPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('nav.community')} intro={t('web:pages.communityIntro')}>
      <EmptyState
        icon={<IconCommunity />}
        title={t('empty.community.title')}
        body={t('empty.community.body')}
      />
    </AreaPage>
  );
}
