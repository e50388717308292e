/**
 * Whom the signed-in caregiver is acting for (a patient's account id), or nobody. Kept in memory
 * and in sessionStorage (one tab; an id, not a secret) so a reload keeps acting for the same
 * person. The API client reads it for the X-Acting-For header.
 */
export interface ActingForStore {
  get: () => string | undefined;
  set: (patientId: string | undefined) => void;
  subscribe: (listener: () => void) => () => void;
}

const KEY = 'carecircle.actingFor';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createActingForStore(
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
): ActingForStore {
  const saved = storage?.getItem(KEY) ?? undefined;
  let current = saved && UUID.test(saved) ? saved : undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(patientId) {
      if (patientId === current) return;
      current = patientId;
      if (patientId) storage?.setItem(KEY, patientId);
      else storage?.removeItem(KEY);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
