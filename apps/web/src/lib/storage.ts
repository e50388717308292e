/** localStorage that never throws (storage can be blocked, e.g. in private browsing). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export const storageKeys = {
  theme: 'carecircle.theme',
  locale: 'carecircle.locale',
} as const;

export function browserStore(): KeyValueStore {
  return {
    get(key) {
      try {
        return globalThis.localStorage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        globalThis.localStorage?.setItem(key, value);
      } catch {
        // Not saved: the choice still applies until the page is closed.
      }
    },
  };
}
