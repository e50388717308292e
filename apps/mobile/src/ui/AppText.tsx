import { StyleSheet, Text, type TextProps } from 'react-native';
import { usePalette } from './theme';

export type TextVariant = 'title' | 'heading' | 'body' | 'muted' | 'label';

export interface AppTextProps extends TextProps {
  variant?: TextVariant;
}

/**
 * Text that follows the theme and scales with the device's text size. Never give it (or its
 * parents) a fixed height: large text must be able to grow.
 */
export function AppText({ variant = 'body', style, ...rest }: AppTextProps) {
  const palette = usePalette();
  const color = variant === 'muted' ? palette.textMuted : palette.text;
  return (
    <Text
      accessibilityRole={variant === 'title' || variant === 'heading' ? 'header' : undefined}
      {...rest}
      style={[styles[variant], { color }, style]}
    />
  );
}

const styles = StyleSheet.create({
  title: { fontSize: 26, lineHeight: 32, fontWeight: '700' },
  heading: { fontSize: 20, lineHeight: 26, fontWeight: '600' },
  body: { fontSize: 17, lineHeight: 24 },
  muted: { fontSize: 16, lineHeight: 22 },
  label: { fontSize: 17, lineHeight: 22, fontWeight: '600' },
});
