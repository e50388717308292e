/** The browser's preferred language tags, best first. */
export function deviceLanguageTags(): string[] {
  if (typeof navigator !== 'undefined' && navigator.languages.length > 0) {
    return [...navigator.languages];
  }
  return [Intl.DateTimeFormat().resolvedOptions().locale];
}
