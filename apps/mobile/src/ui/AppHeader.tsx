import type { ReactNode } from 'react';
import { StyleSheet, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { AppText } from './AppText';
import { minTouchTarget, spacing, usePalette } from './theme';

export interface AppHeaderProps {
  title: string;
  /** Actions on the trailing side, e.g. the profile button. */
  right?: ReactNode;
}

/** Screen header without a fixed height: the title wraps instead of clipping at large text. */
export function AppHeader({ title, right }: AppHeaderProps) {
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  return (
    <View
      style={[
        styles.bar,
        {
          paddingTop: insets.top + spacing.xs,
          paddingLeft: insets.left + spacing.md,
          paddingRight: insets.right + spacing.sm,
          backgroundColor: palette.surface,
          borderBottomColor: palette.border,
        },
      ]}
    >
      <AppText variant="heading" style={styles.title}>
        {title}
      </AppText>
      {right}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: {
    minHeight: minTouchTarget + spacing.sm,
    paddingBottom: spacing.xs,
    flexDirection: 'row',
    alignItems: 'center',
    gap: spacing.sm,
    borderBottomWidth: StyleSheet.hairlineWidth,
  },
  title: { flex: 1, flexShrink: 1 },
});
