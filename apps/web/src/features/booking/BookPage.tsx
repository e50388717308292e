import { useTranslation } from 'react-i18next';
import { useProvidersQuery } from '@carecircle/client';
import { Modality, type ProviderListQuery } from '@carecircle/core';
import { languageName } from '../../lib/language-name.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import {
  EmptyState,
  Heading,
  IconSearch,
  LoadingState,
  Select,
  TextField,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { ProviderCard } from '../home/ProviderCard.tsx';
import { ProviderBookingInfo } from './ProviderBookingInfo.tsx';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';
import { useReplaceSearchParam } from './use-search-param.ts';
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
  const [params, update] = useReplaceSearchParam();
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
        <QueryErrorAlert title={t('web:booking.providersError')} query={providers} />
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
