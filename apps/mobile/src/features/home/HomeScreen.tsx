import { View } from 'react-native';
import { useTranslation } from 'react-i18next';
import { ApiError, useProvidersQuery } from '@carecircle/client';
import { AppText } from '../../ui/AppText';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { Screen } from '../../ui/Screen';
import { spacing } from '../../ui/theme';
import { ProviderCard } from './ProviderCard';

/** Home: a greeting and the providers someone can book with. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <Screen>
      <AppText variant="title">{t('home.greeting')}</AppText>
      <AppText variant="muted">{t('app.tagline')}</AppText>
      <AppText variant="heading">{t('home.providers')}</AppText>
      <AppText>{tm('home.providersIntro')}</AppText>
      <ProviderList />
    </Screen>
  );
}

function ProviderList() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  const providers = useProvidersQuery();

  // Also while "Try again" is fetching, so pressing it visibly does something.
  if (providers.isPending || (providers.isError && providers.isFetching)) {
    return <LoadingState label={t('common.loading')} />;
  }

  if (providers.isError) {
    const offline = providers.error instanceof ApiError && providers.error.status === 0;
    return (
      <ErrorState
        title={tm('home.providersErrorTitle')}
        message={offline ? t('common.offline') : t('common.error')}
        retryLabel={t('common.retry')}
        onRetry={() => void providers.refetch()}
      />
    );
  }

  if (providers.data.items.length === 0) {
    return (
      <EmptyState
        title={tm('home.providersEmptyTitle')}
        body={tm('home.providersEmptyBody')}
        testID="providers-empty"
      />
    );
  }

  return (
    <View style={{ gap: spacing.sm }}>
      {providers.data.items.map((provider) => (
        <ProviderCard key={provider.id} provider={provider} />
      ))}
    </View>
  );
}
