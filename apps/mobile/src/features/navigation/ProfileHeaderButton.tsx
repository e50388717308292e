import { Pressable, StyleSheet } from 'react-native';
import { useRouter } from 'expo-router';
import { useTranslation } from 'react-i18next';
import { AppText } from '../../ui/AppText';
import { Glyph } from '../../ui/Glyph';
import { minTouchTarget, spacing, usePalette } from '../../ui/theme';

/** "Profile" in the header of every tab: opens the profile screen over the tabs. */
export function ProfileHeaderButton() {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  const palette = usePalette();
  const router = useRouter();
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={tm('header.openProfile')}
      testID="header-profile"
      onPress={() => router.push('/profile')}
      style={({ pressed }) => [styles.button, { opacity: pressed ? 0.7 : 1 }]}
    >
      <Glyph glyph="👤" size={20} />
      <AppText variant="label" maxFontSizeMultiplier={1.6} style={{ color: palette.primary }}>
        {t('nav.profile')}
      </AppText>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: {
    minHeight: minTouchTarget,
    minWidth: minTouchTarget,
    paddingHorizontal: spacing.sm,
    flexDirection: 'row',
    alignItems: 'center',
    gap: spacing.xs,
  },
});
