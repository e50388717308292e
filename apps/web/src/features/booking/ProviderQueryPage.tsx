import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { QueryErrorAlert, type FailedQuery } from './QueryErrorAlert.tsx';

/**
 * A booking page whose provider is still loading (`query.isPending`) or failed to load:
 * "loading" or the error with a retry, followed by `afterError` in the latter case.
 */
export function ProviderQueryPage({
  title,
  query,
  afterError,
}: {
  title: string;
  query: FailedQuery & { isPending: boolean };
  afterError?: ReactNode;
}) {
  const { t } = useTranslation(['common', 'web']);
  return (
    <AreaPage title={title}>
      {query.isPending ? (
        <LoadingState label={t('web:booking.loadingProvider')} />
      ) : (
        <>
          <QueryErrorAlert title={t('web:booking.providerError')} query={query} />
          {afterError}
        </>
      )}
    </AreaPage>
  );
}
