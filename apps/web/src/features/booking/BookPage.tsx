import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useProvidersQuery } from '@carecircle/client';
import { Modality, type ProviderListQuery } from '@carecircle/core';
import { languageName } from '../../lib/language-name.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import {
  Alert,
  Button,
  EmptyState,
  Heading,
  IconRefresh,
  IconSearch,
  LoadingState,
  Select,
  TextField,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { ProviderCard } from '../home/ProviderCard.tsx';
import { ProviderBookingInfo } from './ProviderBookingInfo.tsx';
import { errorMessage } from './error-message.ts';
import '../home/home.css';
import './booking.css';

export const BOOK_SEARCH_DEBOUNCE_MS = 300;
const LANGUAGES = ['en', 'es', 'fr', 'pt', 'zh', 'ar'] as const;

/**
 * Book, step 1: find a provider by specialty or name, filtered by type of visit and language.
 * The search lives in the URL, so "Back" from a provider returns to the same results.
 */
export function BookPage() {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const modalityParam = Modality.safeParse(params.get('modality'));
  const modality = modalityParam.success ? modalityParam.data : undefined;
  const language = params.get('language') ?? '';
  const q = useDebouncedValue(search.trim(), BOOK_SEARCH_DEBOUNCE_MS);

  const query: ProviderListQuery = {};
  if (q) query.q = q;
  if (modality) query.modality = modality;
  if (language) query.language = language;
  const providers = useProvidersQuery(query);

  const update = (name: string, value: string) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <AreaPage title={t('web:booking.title')} intro={t('web:booking.intro')}>
      <form role="search" className="book-search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          type="search"
          label={t('web:booking.searchLabel')}
          description={t('web:booking.searchDescription')}
          value={search}
          onChange={(e) => update('q', e.target.value)}
          autoComplete="off"
          maxLength={100}
        />
        <div className="book-search__filters">
          <Select
            label={t('web:booking.modalityLabel')}
            value={modality ?? ''}
            onChange={(e) => update('modality', e.target.value)}
            options={[
              { value: '', label: t('web:booking.anyModality') },
              ...Modality.options.map((m) => ({ value: m, label: t(`web:modality.${m}`) })),
            ]}
          />
          <Select
            label={t('web:booking.languageLabel')}
            value={language}
            onChange={(e) => update('language', e.target.value)}
            options={[
              { value: '', label: t('web:booking.anyLanguage') },
              ...LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) })),
            ]}
          />
        </div>
      </form>
      {providers.isPending ? (
        <LoadingState label={t('web:booking.loadingProviders')} />
      ) : providers.isError ? (
        <Alert
          tone="error"
          title={t('web:booking.providersError')}
          action={
            <Button
              variant="secondary"
              icon={<IconRefresh />}
              disabled={providers.isFetching}
              onClick={() => void providers.refetch()}
            >
              {t('common.retry')}
            </Button>
          }
        >
          <p>{errorMessage(providers.error, t)}</p>
        </Alert>
      ) : providers.data.items.length === 0 ? (
        <EmptyState
          icon={<IconSearch />}
          title={t('web:booking.noResultsTitle')}
          body={t('web:booking.noResultsBody')}
        />
      ) : (
        <>
          <div role="status">
            <Heading level={2} className="book-results-count">
              {t('web:booking.resultsCount', { count: providers.data.items.length })}
            </Heading>
          </div>
          <ul className="provider-list" aria-label={t('home.providers')}>
            {providers.data.items.map((p) => (
              <ProviderCard key={p.id} provider={p}>
                <ProviderBookingInfo provider={p} />
              </ProviderCard>
            ))}
          </ul>
        </>
      )}
    </AreaPage>
  );
}
