import { Text } from 'react-native';

/**
 * A decorative symbol next to a visible text label. Hidden from screen readers, never the only
 * signal, and not scaled past 1.5× so it does not crowd out the label.
 */
export function Glyph({ glyph, size = 22 }: { glyph: string; size?: number }) {
  return (
    <Text
      accessible={false}
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
      aria-hidden
      maxFontSizeMultiplier={1.5}
      style={{ fontSize: size, lineHeight: Math.round(size * 1.3), textAlign: 'center' }}
    >
      {glyph}
    </Text>
  );
}
