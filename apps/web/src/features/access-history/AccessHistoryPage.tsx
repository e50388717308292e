import { useTranslation } from 'react-i18next';
import { useMyAccessHistoryQuery } from '@carecircle/client';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, EmptyState, IconProfile, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { describeAccess } from './describe-access.ts';

/** "Who looked at my information": the audit events about me, in plain words. */
export function AccessHistoryPage() {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const { status } = useSessionState();
  const history = useMyAccessHistoryQuery({ enabled: status === 'signed-in' });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <AreaPage title={t('accessHistory.title')} intro={t('accessHistory.intro')}>
      {status === 'signed-in' && history.isPending && (
        <LoadingState label={t('accessHistory.loading')} />
      )}
      {history.isError && <Alert tone="error" title={t('accessHistory.failed')} />}
      {history.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconProfile />}
          title={t('accessHistory.empty')}
          body={t('accessHistory.intro')}
        />
      )}
      {items.length > 0 && (
        <ul className="access-history" style={{ paddingLeft: '1.25rem' }}>
          {items.map((e) => (
            <li key={e.id} style={{ marginBottom: '0.5rem' }}>
              {describeAccess(e, t, locale)}
              {e.outcome === 'denied' && ` · ${t('accessHistory.refused')}`}
              {e.outcome === 'failure' && ` · ${t('accessHistory.failedAttempt')}`}
              {e.reason && (
                <>
                  <br />
                  {t('accessHistory.reason', { reason: e.reason })}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {history.hasNextPage && (
        <Button
          variant="secondary"
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {t('accessHistory.more')}
        </Button>
      )}
    </AreaPage>
  );
}
