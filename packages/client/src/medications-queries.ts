import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  adherenceEndpoint,
  answerDoseEndpoint,
  createMedicationScheduleEndpoint,
  deleteMedicationScheduleEndpoint,
  listDosesEndpoint,
  listMedicationSchedulesEndpoint,
  updateMedicationScheduleEndpoint,
  type DoseAnswer,
  type NewMedicationSchedule,
  type UpdateMedicationSchedule,
} from '@carecircle/core';
import { useApiClient } from './queries.ts';

/**
 * Medication schedules, doses and adherence (issue 6). Whose: the signed-in patient's, the
 * patient the API client acts for (`X-Acting-For`), or `patientId` (a caregiver naming them).
 * Every mutation refreshes everything under `medicationKeys.all()` (schedules, doses and
 * adherence move together).
 */

export const medicationKeys = {
  all: () => ['medications'] as const,
  of: (patientId: string | undefined) => ['medications', patientId ?? 'self'] as const,
  schedules: (patientId: string | undefined) =>
    ['medications', patientId ?? 'self', 'schedules'] as const,
  doses: (patientId: string | undefined, from: string, to: string) =>
    ['medications', patientId ?? 'self', 'doses', from, to] as const,
  adherence: (patientId: string | undefined, days: number) =>
    ['medications', patientId ?? 'self', 'adherence', days] as const,
};

const patientQuery = (patientId: string | undefined) => (patientId ? { patientId } : {});

export function useMedicationSchedulesQuery(options: { patientId?: string } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: medicationKeys.schedules(options.patientId),
    queryFn: ({ signal }) =>
      api.call(listMedicationSchedulesEndpoint, {
        query: patientQuery(options.patientId),
        signal,
      }),
  });
}

export function useCreateMedicationScheduleMutation(options: { patientId?: string } = {}) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (schedule: NewMedicationSchedule) =>
      api.call(createMedicationScheduleEndpoint, {
        query: patientQuery(options.patientId),
        body: schedule,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medicationKeys.all() }),
  });
}

export function useUpdateMedicationScheduleMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { scheduleId: string; changes: UpdateMedicationSchedule }) =>
      api.call(updateMedicationScheduleEndpoint, {
        params: { scheduleId: input.scheduleId },
        body: input.changes,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medicationKeys.all() }),
  });
}

export function useDeleteMedicationScheduleMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scheduleId: string) =>
      api.call(deleteMedicationScheduleEndpoint, { params: { scheduleId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medicationKeys.all() }),
  });
}

/** Planned doses between two instants (at most 31 days), with their answers. */
export function useDosesQuery(options: { from: string; to: string; patientId?: string }) {
  const api = useApiClient();
  return useQuery({
    queryKey: medicationKeys.doses(options.patientId, options.from, options.to),
    queryFn: ({ signal }) =>
      api.call(listDosesEndpoint, {
        query: { ...patientQuery(options.patientId), from: options.from, to: options.to },
        signal,
      }),
  });
}

export function useAnswerDoseMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { doseId: string; answer: DoseAnswer; snoozeMinutes?: number }) =>
      api.call(answerDoseEndpoint, {
        params: { doseId: input.doseId },
        body: { answer: input.answer, snoozeMinutes: input.snoozeMinutes },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medicationKeys.all() }),
  });
}

/** Taken / skipped / missed per local day (oldest first) and the adherence rate. */
export function useAdherenceQuery(options: { days?: number; patientId?: string } = {}) {
  const api = useApiClient();
  const days = options.days ?? 30;
  return useQuery({
    queryKey: medicationKeys.adherence(options.patientId, days),
    queryFn: ({ signal }) =>
      api.call(adherenceEndpoint, {
        query: { ...patientQuery(options.patientId), days },
        signal,
      }),
  });
}
