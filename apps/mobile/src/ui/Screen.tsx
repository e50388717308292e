import type { ReactNode } from 'react';
import { ScrollView, StyleSheet, type ScrollViewProps } from 'react-native';
import { spacing, usePalette } from './theme';

export interface ScreenProps extends ScrollViewProps {
  children: ReactNode;
}

/** Scrollable page body in the theme's background; content can grow with large text. */
export function Screen({ children, contentContainerStyle, ...rest }: ScreenProps) {
  const palette = usePalette();
  return (
    <ScrollView
      {...rest}
      style={{ backgroundColor: palette.background }}
      contentContainerStyle={[styles.content, contentContainerStyle]}
    >
      {children}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  content: { padding: spacing.md, gap: spacing.md, flexGrow: 1 },
});
