import { useTranslation } from 'react-i18next';
import { EmptyState, IconMessage } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';

export function MessagesPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('nav.messages')} intro={t('web:pages.messagesIntro')}>
      <EmptyState
        icon={<IconMessage />}
        title={t('empty.messages.title')}
        body={t('empty.messages.body')}
      />
    </AreaPage>
  );
}
