import type { i18n } from 'i18next';
import type { Locale } from '@carecircle/core';
import { createI18n, type Messages } from '@carecircle/client/i18n';
import { en, type WebMessages } from './en.ts';
import { es } from './es.ts';

export const webNamespace = 'web';

/** i18next with the shared `common` strings plus the web app's own `web` namespace. */
export function createWebI18n(locale: Locale): i18n {
  return createI18n(locale, { en: { [webNamespace]: en }, es: { [webNamespace]: es } });
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { common: Messages; web: WebMessages };
  }
}
