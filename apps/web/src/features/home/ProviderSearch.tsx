import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useProvidersQuery } from '@carecircle/client';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import {
  Alert,
  Button,
  EmptyState,
  Heading,
  IconRefresh,
  IconSearch,
  LoadingState,
  TextField,
} from '../../ui/index.ts';
import { ProviderBookingInfo } from '../booking/ProviderBookingInfo.tsx';
import { ProviderCard } from './ProviderCard.tsx';

export const SEARCH_DEBOUNCE_MS = 300;

/** "Find a provider": a search box and the matching providers, with every state spelled out. */
export function ProviderSearch() {
  const { t } = useTranslation(['common', 'web']);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const providers = useProvidersQuery(q ? { q } : {});

  return (
    <section className="home-section" aria-labelledby="find-provider-heading">
      <Heading level={2} id="find-provider-heading" className="home-section__title">
        <IconSearch />
        <span>{t('home.findProvider')}</span>
      </Heading>
      <p className="home-section__intro">{t('web:home.findProviderIntro')}</p>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          type="search"
          label={t('web:home.searchLabel')}
          description={t('web:home.searchDescription')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          maxLength={100}
        />
      </form>
      <ProviderResults query={providers} hasSearch={q !== ''} />
    </section>
  );
}

function errorMessage(error: unknown, fallback: string, offline: string): string {
  if (error instanceof ApiError) return error.status === 0 ? offline : error.message;
  return fallback;
}

function ProviderResults({
  query,
  hasSearch,
}: {
  query: ReturnType<typeof useProvidersQuery>;
  hasSearch: boolean;
}) {
  const { t } = useTranslation(['common', 'web']);
  if (query.isPending) return <LoadingState label={t('web:home.loadingProviders')} />;
  if (query.isError) {
    return (
      <Alert
        tone="error"
        title={t('web:home.providersErrorTitle')}
        action={
          <Button
            variant="secondary"
            icon={<IconRefresh />}
            disabled={query.isFetching}
            onClick={() => void query.refetch()}
          >
            {t('common.retry')}
          </Button>
        }
      >
        <p style={{ margin: 0 }}>
          {errorMessage(query.error, t('common.error'), t('common.offline'))}
        </p>
      </Alert>
    );
  }
  const items = query.data.items;
  if (items.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        icon={<IconSearch />}
        title={t('web:home.noResultsTitle')}
        body={hasSearch ? t('web:home.noResultsBody') : t('web:home.noProvidersBody')}
      />
    );
  }
  return (
    <>
      <p className="home-results-count" role="status">
        {t('web:home.resultsCount', { count: items.length })}
      </p>
      <ul className="provider-list" aria-label={t('home.providers')}>
        {items.map((p) => (
          <ProviderCard key={p.id} provider={p}>
            <ProviderBookingInfo provider={p} />
          </ProviderCard>
        ))}
      </ul>
    </>
  );
}
