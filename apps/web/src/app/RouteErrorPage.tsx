import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Alert, Button, ButtonLink, PageHeader } from '../ui/index.ts';

/** Shown when a page throws while rendering: says what happened and how to get out. */
export function RouteErrorPage() {
  const { t } = useTranslation(['common', 'web']);
  usePageTitle(t('web:routeError.title'));
  return (
    <main id="main-content" className="app-main">
      <PageHeader title={t('web:routeError.title')} />
      <Alert
        tone="error"
        title={t('web:routeError.body')}
        action={
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>
            <Button onClick={() => window.location.reload()}>{t('web:routeError.reload')}</Button>
            <ButtonLink to="/" variant="secondary" reloadDocument>
              {t('common.goHome')}
            </ButtonLink>
          </div>
        }
      />
    </main>
  );
}
