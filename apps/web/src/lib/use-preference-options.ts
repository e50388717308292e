import { useTranslation } from 'react-i18next';
import { supportedLocales } from '@carecircle/client/i18n';
import type { SelectOption } from '../ui/index.ts';
import { themePreferences } from './theme.ts';

/** Options for the language and theme pickers, labelled in the current language. */
export function usePreferenceOptions(): { languages: SelectOption[]; themes: SelectOption[] } {
  const { t } = useTranslation(['common', 'web']);
  const themeLabels = {
    light: t('common.themeLight'),
    dark: t('common.themeDark'),
    system: t('common.themeSystem'),
  } as const;
  return {
    // Each language is named in itself, so people can find their own.
    languages: supportedLocales.map((l) => ({
      value: l,
      label: t(`web:languageNames.${l}`),
      lang: l,
    })),
    themes: themePreferences.map((theme) => ({ value: theme, label: themeLabels[theme] })),
  };
}
