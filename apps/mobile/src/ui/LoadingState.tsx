import { ActivityIndicator, StyleSheet, View } from 'react-native';
import { AppText } from './AppText';
import { spacing, usePalette } from './theme';

/** A spinner that always says what is loading. */
export function LoadingState({ label }: { label: string }) {
  const palette = usePalette();
  return (
    <View
      accessible
      accessibilityRole="progressbar"
      accessibilityLabel={label}
      accessibilityLiveRegion="polite"
      style={styles.row}
    >
      <ActivityIndicator color={palette.primary} />
      <AppText variant="muted">{label}</AppText>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: spacing.sm, paddingVertical: spacing.sm },
});
