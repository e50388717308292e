import type { i18n } from 'i18next';
import type { Locale } from '@carecircle/core';
import { createI18n, pickLocale, type Messages } from '@carecircle/client/i18n';
import { deviceLanguageTags } from './device-languages';
import { mobileEn, mobileEs, type MobileMessages } from './mobile-strings';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { common: Messages; mobile: MobileMessages };
  }
}

/** i18next with the shared `common` strings and this app's `mobile` strings. */
export function createMobileI18n(locale: Locale = pickLocale(deviceLanguageTags())): i18n {
  return createI18n(locale, { en: { mobile: mobileEn }, es: { mobile: mobileEs } });
}
