import { useTranslation } from 'react-i18next';
import { ButtonLink, IconHome } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={t('common.notFoundTitle')} intro={t('common.notFoundBody')}>
      <ButtonLink to="/" icon={<IconHome />}>
        {t('common.goHome')}
      </ButtonLink>
    </AreaPage>
  );
}
