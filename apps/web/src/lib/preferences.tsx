import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@carecircle/core';
import { useQueryClient } from '@tanstack/react-query';
import { applyLocale, isLocale } from './locale.ts';
import { storageKeys, type KeyValueStore } from './storage.ts';
import { applyTheme, isThemePreference, type ThemePreference } from './theme.ts';

export interface Preferences {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  theme: ThemePreference;
  setTheme: (theme: ThemePreference) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/**
 * Language and theme for this device: saved in storage, applied to <html lang> and
 * <html data-theme>. The language comes from the i18next instance (the single source of truth).
 */
export function PreferencesProvider({
  store,
  children,
}: {
  store: KeyValueStore;
  children: ReactNode;
}) {
  const { i18n } = useTranslation(['common', 'web']);
  const queryClient = useQueryClient();
  const resolved = i18n.resolvedLanguage ?? i18n.language;
  const locale: Locale = isLocale(resolved) ? resolved : 'en';
  const [theme, setThemeState] = useState<ThemePreference>(() => {
    const saved = store.get(storageKeys.theme);
    return isThemePreference(saved) ? saved : 'system';
  });

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => applyLocale(locale), [locale]);

  const setTheme = useCallback(
    (next: ThemePreference) => {
      store.set(storageKeys.theme, next);
      setThemeState(next);
    },
    [store],
  );
  const setLocale = useCallback(
    (next: Locale) => {
      store.set(storageKeys.locale, next);
      // Text the server writes for the reader (notifications) follows the new language.
      void i18n.changeLanguage(next).then(() => queryClient.invalidateQueries());
    },
    [store, i18n, queryClient],
  );

  const value = useMemo(
    () => ({ locale, setLocale, theme, setTheme }),
    [locale, setLocale, theme, setTheme],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences must be used inside <PreferencesProvider>');
  return value;
}
