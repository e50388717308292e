import { useColorScheme } from 'react-native';

/** Colours of one theme. Every text/background pair meets WCAG AA (checked in theme.test.ts). */
export interface Palette {
  scheme: 'light' | 'dark';
  background: string;
  surface: string;
  text: string;
  textMuted: string;
  primary: string;
  onPrimary: string;
  danger: string;
  /** Borders and outlines of controls: at least 3:1 against background and surface. */
  border: string;
}

export const lightPalette: Palette = {
  scheme: 'light',
  background: '#FFFFFF',
  surface: '#F2F4F7',
  text: '#14181D',
  textMuted: '#475362',
  primary: '#0B57A4',
  onPrimary: '#FFFFFF',
  danger: '#B3261E',
  border: '#6F7B89',
};

export const darkPalette: Palette = {
  scheme: 'dark',
  background: '#0F1317',
  surface: '#1B2128',
  text: '#F2F5F8',
  textMuted: '#B9C3CE',
  primary: '#8EC5FF',
  onPrimary: '#06233F',
  danger: '#FFB4AB',
  border: '#8A96A3',
};

export const spacing = { xs: 4, sm: 8, md: 16, lg: 24, xl: 32 } as const;

/** Smallest touch target, in points (Apple HIG 44 pt; Android asks for 48 dp, so we use 48). */
export const minTouchTarget = 48;

/** The palette for the device's light/dark setting. */
export function usePalette(): Palette {
  return useColorScheme() === 'dark' ? darkPalette : lightPalette;
}

/** WCAG 2.x contrast ratio between two `#RRGGBB` colours. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #RRGGBB colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
