import { describe, expect, it } from 'vitest';
import { languageName } from './language-name.ts';
import { initialLocale } from './locale.ts';
import type { KeyValueStore } from './storage.ts';

function memoryStore(values: Record<string, string> = {}): KeyValueStore {
  return { get: (k) => values[k] ?? null, set: (k, v) => void (values[k] = v) };
}

describe('initialLocale', () => {
  it('prefers the saved language', () => {
    expect(initialLocale(memoryStore({ 'carecircle.locale': 'es' }), ['en-US'])).toBe('es');
  });

  it('ignores a saved value that is not a supported language', () => {
    expect(initialLocale(memoryStore({ 'carecircle.locale': 'fr' }), ['es-ES'])).toBe('es');
  });

  it('falls back to the browser languages, then English', () => {
    expect(initialLocale(memoryStore(), ['fr-FR', 'es-MX'])).toBe('es');
    expect(initialLocale(memoryStore(), ['fr-FR'])).toBe('en');
    expect(initialLocale(memoryStore(), undefined)).toBe('en');
  });
});

describe('languageName', () => {
  it('names language codes in the page language and leaves names alone', () => {
    expect(languageName('es', 'en')).toBe('Spanish');
    expect(languageName('en', 'es')).toBe('Inglés');
    expect(languageName('Tagalog', 'en')).toBe('Tagalog');
  });
});
