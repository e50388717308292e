import { StyleSheet, View } from 'react-native';
import { AppText } from './AppText';
import { Button } from './Button';
import { spacing, usePalette } from './theme';

export interface EmptyStateProps {
  title: string;
  /** What will appear here. */
  body: string;
  /** How to start, when there is nothing to press. */
  hint?: string;
  action?: { label: string; onPress: () => void };
  testID?: string;
}

/** Says what will appear in an empty area and how to start. */
export function EmptyState({ title, body, hint, action, testID }: EmptyStateProps) {
  const palette = usePalette();
  return (
    <View
      testID={testID}
      style={[styles.box, { backgroundColor: palette.surface, borderColor: palette.border }]}
    >
      <AppText variant="heading">{title}</AppText>
      <AppText>{body}</AppText>
      {hint ? <AppText variant="muted">{hint}</AppText> : null}
      {action ? <Button label={action.label} onPress={action.onPress} /> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { padding: spacing.md, gap: spacing.sm, borderRadius: 12, borderWidth: 1 },
});
