import { describe, expect, it } from 'vitest';
import { createI18n, en, es, pickLocale } from './index.ts';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n', () => {
  it('has every English string in Spanish too', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });

  it('picks the first supported language, else English', () => {
    expect(pickLocale(['es-MX', 'en-US'])).toBe('es');
    expect(pickLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLocale(['de'])).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });

  it('translates shared strings and app namespaces', () => {
    const i18n = createI18n('es', {
      en: { app: { hello: 'Hello' } },
      es: { app: { hello: 'Hola' } },
    });
    expect(i18n.t('nav.appointments')).toBe('Citas');
    expect(i18n.t('app:hello')).toBe('Hola');
    void i18n.changeLanguage('en');
    expect(i18n.t('nav.appointments')).toBe('Appointments');
  });
});
