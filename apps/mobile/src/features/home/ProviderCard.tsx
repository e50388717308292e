import { StyleSheet, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import type { ProviderSummary } from '@carecircle/core';
import { AppText } from '../../ui/AppText';
import { spacing, usePalette } from '../../ui/theme';

/** One provider: name, specialty, where, languages and kinds of visit, in plain words. */
export function ProviderCard({ provider }: { provider: ProviderSummary }) {
  const { t } = useTranslation('mobile');
  const palette = usePalette();
  const modalities = provider.modalities.map((m) => t(`modality.${m}`)).join(', ');
  return (
    <View
      accessible
      testID={`provider-${provider.id}`}
      style={[styles.card, { backgroundColor: palette.surface, borderColor: palette.border }]}
    >
      <AppText variant="label">{provider.name}</AppText>
      <AppText>{provider.specialty}</AppText>
      <AppText variant="muted">{provider.location.name}</AppText>
      {provider.languages.length > 0 ? (
        <AppText variant="muted">
          {t('home.speaks', { languages: provider.languages.join(', ') })}
        </AppText>
      ) : null}
      {modalities ? (
        <AppText variant="muted">{t('home.modalities', { modalities })}</AppText>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  card: { padding: spacing.md, gap: spacing.xs, borderRadius: 12, borderWidth: 1 },
});
