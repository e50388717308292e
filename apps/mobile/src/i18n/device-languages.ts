/** The device's preferred language tags, best first (iOS and Android, via Hermes Intl). */
export function deviceLanguageTags(): string[] {
  try {
    return [Intl.DateTimeFormat().resolvedOptions().locale];
  } catch {
    return [];
  }
}
