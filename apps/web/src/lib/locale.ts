import type { Locale } from '@carecircle/core';
import { pickLocale, supportedLocales } from '@carecircle/client/i18n';
import { storageKeys, type KeyValueStore } from './storage.ts';

export function isLocale(value: unknown): value is Locale {
  return supportedLocales.some((l) => l === value);
}

/** The saved language, else the best match from the browser's languages, else English. */
export function initialLocale(
  store: KeyValueStore,
  languages: readonly string[] | undefined = globalThis.navigator?.languages,
): Locale {
  const saved = store.get(storageKeys.locale);
  return isLocale(saved) ? saved : pickLocale(languages);
}

export function applyLocale(locale: Locale, root: HTMLElement = document.documentElement) {
  root.lang = locale;
}
