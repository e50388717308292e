import { StyleSheet, View } from 'react-native';
import { AppText } from './AppText';
import { Button } from './Button';
import { spacing, usePalette } from './theme';

export interface ErrorStateProps {
  title: string;
  message: string;
  retryLabel: string;
  onRetry: () => void;
}

/** A failure in plain words, announced to screen readers, with a way to try again. */
export function ErrorState({ title, message, retryLabel, onRetry }: ErrorStateProps) {
  const palette = usePalette();
  return (
    <View style={[styles.box, { backgroundColor: palette.surface, borderColor: palette.danger }]}>
      {/* Title and message are read as one announcement; the button stays its own element. */}
      <View
        accessible
        accessibilityRole="alert"
        accessibilityLiveRegion="polite"
        style={styles.text}
      >
        <AppText variant="heading" style={{ color: palette.danger }}>
          {title}
        </AppText>
        <AppText>{message}</AppText>
      </View>
      <Button label={retryLabel} onPress={onRetry} />
    </View>
  );
}

const styles = StyleSheet.create({
  box: { padding: spacing.md, gap: spacing.sm, borderRadius: 12, borderWidth: 2 },
  text: { gap: spacing.sm },
});
