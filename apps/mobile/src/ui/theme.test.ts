import { describe, expect, it } from '@jest/globals';
import { contrastRatio, darkPalette, lightPalette, type Palette } from './theme';

describe.each<[string, Palette]>([
  ['light', lightPalette],
  ['dark', darkPalette],
])('%s palette', (_name, p) => {
  it.each([
    ['text on background', p.text, p.background],
    ['text on surface', p.text, p.surface],
    ['muted text on background', p.textMuted, p.background],
    ['muted text on surface', p.textMuted, p.surface],
    ['link/primary on background', p.primary, p.background],
    ['button label on primary', p.onPrimary, p.primary],
    ['error text on background', p.danger, p.background],
    ['error text on surface', p.danger, p.surface],
  ])('%s meets AA for body text (4.5:1)', (_label, fg, bg) => {
    expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['background', p.background],
    ['surface', p.surface],
  ])('control borders stand out against %s (3:1)', (_label, bg) => {
    expect(contrastRatio(p.border, bg)).toBeGreaterThanOrEqual(3);
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for equal colours', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
});
