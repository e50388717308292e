const languageTag = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** "es" → "Spanish" (or "español" on a Spanish page). Anything that is not a tag is shown as is. */
export function languageName(value: string, displayLocale: string): string {
  if (!languageTag.test(value)) return value;
  try {
    const name = new Intl.DisplayNames([displayLocale], { type: 'language' }).of(value);
    if (!name || name.toLowerCase() === value.toLowerCase()) return value;
    return name.charAt(0).toLocaleUpperCase(displayLocale) + name.slice(1);
  } catch {
    return value;
  }
}
