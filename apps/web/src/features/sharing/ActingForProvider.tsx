import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { grantKeys, queryKeys, useActingForQuery } from '@carecircle/client';
import type { ActingForGrant } from '@carecircle/core';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { createActingForStore, type ActingForStore } from './acting-for-store.ts';

interface ActingForValue {
  /** The grant the caregiver acts through now; undefined when acting for themselves. */
  acting: ActingForGrant | undefined;
  /** Everyone the signed-in person may act for. */
  patients: ActingForGrant[];
  setActingFor: (patientId: string | undefined) => void;
}

const ActingForContext = createContext<ActingForValue | null>(null);

/** Queries that belong to the person, not to whom they act for: kept when switching. */
const PERSONAL = new Set<string>([queryKeys.me()[0], queryKeys.appInfo()[0], grantKeys.all()[0]]);

/**
 * Provides "acting for": the store the API client reads, the list of patients from the server,
 * and switching (which drops cached data of the previous person). Acting stops on sign-out, and
 * when the patient is no longer on the list (revoked, expired, left).
 */
export function ActingForProvider({
  store: given,
  children,
}: {
  store?: ActingForStore;
  children: ReactNode;
}) {
  const [store] = useState(() => given ?? createActingForStore());
  const patientId = useSyncExternalStore(store.subscribe, store.get, store.get);
  const { status } = useSessionState();
  const queryClient = useQueryClient();
  const list = useActingForQuery({ enabled: status === 'signed-in' });
  const patients = useMemo(() => list.data?.items ?? [], [list.data]);

  const setActingFor = useCallback(
    (next: string | undefined) => {
      if (next === store.get()) return;
      store.set(next);
      void queryClient.resetQueries({
        predicate: (query) => !PERSONAL.has(String(query.queryKey[0])),
      });
    },
    [store, queryClient],
  );

  useEffect(() => {
    if (status === 'signed-out') store.set(undefined);
  }, [status, store]);
  useEffect(() => {
    if (patientId && list.isSuccess && !patients.some((p) => p.patient.id === patientId)) {
      setActingFor(undefined);
    }
  }, [patientId, list.isSuccess, patients, setActingFor]);

  const value = useMemo(
    () => ({
      acting: patientId ? patients.find((p) => p.patient.id === patientId) : undefined,
      patients,
      setActingFor,
    }),
    [patientId, patients, setActingFor],
  );
  return <ActingForContext.Provider value={value}>{children}</ActingForContext.Provider>;
}

export function useActingFor(): ActingForValue {
  const value = useContext(ActingForContext);
  if (!value) throw new Error('useActingFor must be used inside <ActingForProvider>');
  return value;
}
