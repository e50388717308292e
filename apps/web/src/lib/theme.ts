export const themePreferences = ['light', 'dark', 'system'] as const;
export type ThemePreference = (typeof themePreferences)[number];

export function isThemePreference(value: unknown): value is ThemePreference {
  return themePreferences.some((t) => t === value);
}

/** Applies the theme to <html data-theme>; CSS custom properties in app/styles do the rest. */
export function applyTheme(theme: ThemePreference, root: HTMLElement = document.documentElement) {
  root.dataset.theme = theme;
}
