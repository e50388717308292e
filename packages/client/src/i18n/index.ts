import i18next, { type i18n } from 'i18next';
import type { Locale } from '@carecircle/core';
import { en } from './en.ts';
import { es } from './es.ts';

export { en, es };
export type { Messages } from './en.ts';

export const supportedLocales: readonly Locale[] = ['en', 'es'];

/** Picks the best supported locale from a list of preferred language tags (e.g. navigator.languages). */
export function pickLocale(preferred: readonly string[] | undefined): Locale {
  for (const tag of preferred ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    const hit = supportedLocales.find((l) => l === base);
    if (hit) return hit;
  }
  return 'en';
}

/**
 * Creates an i18next instance with the shared strings in the `common` namespace. Apps add their
 * own namespace of strings through `extra` (same keys in every locale).
 */
export function createI18n(
  lng: Locale,
  extra: Partial<Record<Locale, Record<string, Record<string, unknown>>>> = {},
): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...supportedLocales],
    defaultNS: 'common',
    ns: ['common', ...Object.keys(extra.en ?? {})],
    resources: {
      en: { common: en, ...extra.en },
      es: { common: es, ...extra.es },
    },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
