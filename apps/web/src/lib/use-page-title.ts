import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets document.title to "<page> · CareCircle" while the page is shown. */
export function usePageTitle(page: string): void {
  const { t } = useTranslation(['common', 'web']);
  const title = t('web:documentTitle', { page, app: t('app.name') });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
