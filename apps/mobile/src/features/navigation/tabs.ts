/** The five areas, in the same order as the web app. `name` is the route file in app/(tabs)/. */
export const tabs = [
  { name: 'index', href: '/', labelKey: 'nav.home', glyph: '🏠' },
  { name: 'appointments', href: '/appointments', labelKey: 'nav.appointments', glyph: '📅' },
  { name: 'records', href: '/records', labelKey: 'nav.records', glyph: '📋' },
  { name: 'messages', href: '/messages', labelKey: 'nav.messages', glyph: '💬' },
  { name: 'community', href: '/community', labelKey: 'nav.community', glyph: '👥' },
] as const;

export type TabName = (typeof tabs)[number]['name'];
