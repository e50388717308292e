import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  IDEMPOTENCY_KEY_HEADER,
  PROBLEM_BASE,
  acceptWaitlistOfferEndpoint,
  addTimeOffEndpoint,
  bookAppointmentEndpoint,
  calendarPaths,
  cancelAppointmentEndpoint,
  changeAppointmentStatusEndpoint,
  createAppointmentTypeEndpoint,
  declineWaitlistOfferEndpoint,
  deleteDateOverrideEndpoint,
  deleteTimeOffEndpoint,
  firstAvailableEndpoint,
  getAppointmentEndpoint,
  getAvailabilityEndpoint,
  getCalendarFeedEndpoint,
  getPracticeProfileEndpoint,
  getProviderEndpoint,
  joinWaitlistEndpoint,
  leaveWaitlistEndpoint,
  listAppointmentTypesEndpoint,
  listAppointmentsEndpoint,
  listPracticePatientsEndpoint,
  listSlotsEndpoint,
  listWaitlistEndpoint,
  rescheduleAppointmentEndpoint,
  rotateCalendarFeedEndpoint,
  setDateOverrideEndpoint,
  setWeeklyHoursEndpoint,
  updateAppointmentTypeEndpoint,
  updatePracticeProfileEndpoint,
  type Appointment,
  type AppointmentListQuery,
  type AppointmentTypeInput,
  type AppointmentTypePatch,
  type Availability,
  type BookAppointmentInput,
  type CancelInput,
  type FirstAvailableQuery,
  type ProviderProfileInput,
  type RescheduleInput,
  type StatusChangeInput,
  type TimeOffInput,
  type WaitlistInput,
  type WeeklyHours,
} from '@carecircle/core';
import { ApiError } from './api-client.ts';
import { queryKeys, useApiClient } from './queries.ts';

/**
 * Scheduling (issue 4): providers and slots, appointments, waitlist, calendar feed, and the
 * signed-in provider's practice. Which patient's data comes back follows the API client's
 * `X-Acting-For` (switching whom one acts for resets these caches, see ActingForProvider).
 */

export interface SlotsQuery {
  providerId: string;
  appointmentTypeId: string;
  /** ISO instants; at most 90 days apart. */
  from: string;
  to: string;
}

/** Query keys of everything scheduling caches. Providers share the `providers` root. */
export const schedulingKeys = {
  /** Provider search, detail, slots and first-available: all change when a booking does. */
  providers: () => queryKeys.providers.all(),
  provider: (providerId: string) => ['providers', 'detail', providerId] as const,
  slotsOf: (providerId: string) => ['providers', 'slots', providerId] as const,
  slots: (q: SlotsQuery) =>
    ['providers', 'slots', q.providerId, q.appointmentTypeId, q.from, q.to] as const,
  firstAvailable: (query: FirstAvailableQuery) => ['providers', 'first-available', query] as const,
  appointments: {
    all: () => ['appointments'] as const,
    lists: () => ['appointments', 'list'] as const,
    list: (query: AppointmentListQuery) => ['appointments', 'list', query] as const,
    detail: (appointmentId: string) => ['appointments', 'detail', appointmentId] as const,
  },
  waitlist: () => ['waitlist'] as const,
  calendarFeed: () => ['calendar-feed'] as const,
  practice: {
    all: () => ['practice'] as const,
    profile: () => ['practice', 'profile'] as const,
    appointmentTypes: () => ['practice', 'appointment-types'] as const,
    availability: () => ['practice', 'availability'] as const,
    patients: () => ['practice', 'patients'] as const,
  },
};

/** The 409 a booking, reschedule or offer acceptance answers when the time is no longer free. */
export function isSlotUnavailable(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    error.problem.type.startsWith(PROBLEM_BASE) &&
    error.problem.type.endsWith('slot-unavailable')
  );
}

/** A fresh Idempotency-Key: make one per confirm screen, reuse it for retries. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** After any appointment changes: lists, slots, waitlist and the provider's patients. */
async function refreshAfterAppointmentChange(queryClient: QueryClient, changed?: Appointment) {
  if (changed) {
    queryClient.setQueryData(schedulingKeys.appointments.detail(changed.id), changed);
  }
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: schedulingKeys.appointments.all() }),
    queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() }),
    queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
    queryClient.invalidateQueries({ queryKey: schedulingKeys.practice.patients() }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Providers and slots (no sign-in needed)

/** One provider with its appointment types and next free slot. */
export function useProviderQuery(providerId: string | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.provider(providerId ?? ''),
    queryFn: ({ signal }) =>
      api.call(getProviderEndpoint, { params: { providerId: providerId! }, signal }),
    enabled: Boolean(providerId),
  });
}

/** Free slots of one appointment type between two instants. */
export function useSlotsQuery(query: SlotsQuery | undefined, options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: query ? schedulingKeys.slots(query) : ['providers', 'slots', 'none'],
    queryFn: ({ signal }) =>
      api.call(listSlotsEndpoint, {
        params: { providerId: query!.providerId },
        query: { appointmentTypeId: query!.appointmentTypeId, from: query!.from, to: query!.to },
        signal,
      }),
    enabled: Boolean(query) && (options.enabled ?? true),
    staleTime: 30_000,
  });
}

/** The earliest free slots across providers matching a search. */
export function useFirstAvailableQuery(
  query: FirstAvailableQuery = {},
  options: { enabled?: boolean } = {},
) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.firstAvailable(query),
    queryFn: ({ signal }) => api.call(firstAvailableEndpoint, { query, signal }),
    enabled: options.enabled ?? true,
    staleTime: 30_000,
  });
}

// ---------------------------------------------------------------------------------------------
// Appointments

/** Appointments the actor may see (their own, or the patient's when acting for them). */
export function useAppointmentsQuery(
  query: AppointmentListQuery = {},
  options: { enabled?: boolean } = {},
) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.appointments.list(query),
    queryFn: ({ signal }) => api.call(listAppointmentsEndpoint, { query, signal }),
    enabled: options.enabled ?? true,
  });
}

export function useAppointmentQuery(
  appointmentId: string | undefined,
  options: { enabled?: boolean } = {},
) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.appointments.detail(appointmentId ?? ''),
    queryFn: ({ signal }) =>
      api.call(getAppointmentEndpoint, { params: { appointmentId: appointmentId! }, signal }),
    enabled: Boolean(appointmentId) && (options.enabled ?? true),
  });
}

export interface BookAppointmentVariables {
  body: BookAppointmentInput;
  /** Sent as `Idempotency-Key`: the same key for every retry of one booking. */
  idempotencyKey: string;
}

/** Books a slot; a 409 `slot-unavailable` (see isSlotUnavailable) means it was just taken. */
export function useBookAppointmentMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: BookAppointmentVariables) =>
      api.call(bookAppointmentEndpoint, {
        body,
        headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
      }),
    onSuccess: (appointment) => refreshAfterAppointmentChange(queryClient, appointment),
    onError: (error) => {
      if (isSlotUnavailable(error)) {
        void queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() });
      }
    },
  });
}

/** Moves an appointment; the original stays when the new time is no longer free. */
export function useRescheduleAppointmentMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ appointmentId, body }: { appointmentId: string; body: RescheduleInput }) =>
      api.call(rescheduleAppointmentEndpoint, { params: { appointmentId }, body }),
    onSuccess: (appointment) => refreshAfterAppointmentChange(queryClient, appointment),
    onError: (error) => {
      if (isSlotUnavailable(error)) {
        void queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() });
      }
    },
  });
}

export function useCancelAppointmentMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ appointmentId, body }: { appointmentId: string; body: CancelInput }) =>
      api.call(cancelAppointmentEndpoint, { params: { appointmentId }, body }),
    onSuccess: (appointment) => refreshAfterAppointmentChange(queryClient, appointment),
  });
}

/** Provider: check in, complete or mark a no-show. */
export function useChangeAppointmentStatusMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ appointmentId, body }: { appointmentId: string; body: StatusChangeInput }) =>
      api.call(changeAppointmentStatusEndpoint, { params: { appointmentId }, body }),
    onSuccess: (appointment) => refreshAfterAppointmentChange(queryClient, appointment),
  });
}

/** One appointment as an .ics file (the caller saves it; it needs the bearer token). */
export function useAppointmentCalendarFileMutation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (appointmentId: string) => api.getFile(calendarPaths.appointmentIcs(appointmentId)),
  });
}

// ---------------------------------------------------------------------------------------------
// Waitlist

export function useWaitlistQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.waitlist(),
    queryFn: ({ signal }) => api.call(listWaitlistEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useJoinWaitlistMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WaitlistInput) => api.call(joinWaitlistEndpoint, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
  });
}

export function useLeaveWaitlistMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entryId: string) => api.call(leaveWaitlistEndpoint, { params: { entryId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
  });
}

/** Books the slot held for me; 409 when the offer has expired or the slot went. */
export function useAcceptWaitlistOfferMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (offerId: string) => api.call(acceptWaitlistOfferEndpoint, { params: { offerId } }),
    onSuccess: (appointment) => refreshAfterAppointmentChange(queryClient, appointment),
    onError: () => queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
  });
}

export function useDeclineWaitlistOfferMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (offerId: string) =>
      api.call(declineWaitlistOfferEndpoint, { params: { offerId } }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: schedulingKeys.waitlist() }),
        queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() }),
      ]),
  });
}

// ---------------------------------------------------------------------------------------------
// Calendar feed

export function useCalendarFeedQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.calendarFeed(),
    queryFn: ({ signal }) => api.call(getCalendarFeedEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Replaces the subscription address; the old one stops working. */
export function useRotateCalendarFeedMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call(rotateCalendarFeedEndpoint),
    onSuccess: (feed) => queryClient.setQueryData(schedulingKeys.calendarFeed(), feed),
  });
}

// ---------------------------------------------------------------------------------------------
// The signed-in provider's practice

export function usePracticeProfileQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.practice.profile(),
    queryFn: ({ signal }) => api.call(getPracticeProfileEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useUpdatePracticeProfileMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProviderProfileInput) => api.call(updatePracticeProfileEndpoint, { body }),
    onSuccess: async (profile) => {
      queryClient.setQueryData(schedulingKeys.practice.profile(), profile);
      await queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() });
    },
  });
}

export function useAppointmentTypesQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.practice.appointmentTypes(),
    queryFn: ({ signal }) => api.call(listAppointmentTypesEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

async function refreshAppointmentTypes(queryClient: QueryClient) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: schedulingKeys.practice.appointmentTypes() }),
    queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() }),
  ]);
}

export function useCreateAppointmentTypeMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppointmentTypeInput) => api.call(createAppointmentTypeEndpoint, { body }),
    onSuccess: () => refreshAppointmentTypes(queryClient),
  });
}

export function useUpdateAppointmentTypeMutation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      appointmentTypeId,
      body,
    }: {
      appointmentTypeId: string;
      body: AppointmentTypePatch;
    }) => api.call(updateAppointmentTypeEndpoint, { params: { appointmentTypeId }, body }),
    onSuccess: () => refreshAppointmentTypes(queryClient),
  });
}

export function useAvailabilityQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.practice.availability(),
    queryFn: ({ signal }) => api.call(getAvailabilityEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Availability mutations answer with the whole availability: cache it, and refresh slots. */
function useAvailabilityMutation<V>(send: (variables: V) => Promise<Availability>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (availability) => {
      queryClient.setQueryData(schedulingKeys.practice.availability(), availability);
      await queryClient.invalidateQueries({ queryKey: schedulingKeys.providers() });
    },
  });
}

export function useSetWeeklyHoursMutation() {
  const api = useApiClient();
  return useAvailabilityMutation((weeklyHours: WeeklyHours[]) =>
    api.call(setWeeklyHoursEndpoint, { body: { weeklyHours } }),
  );
}

export function useSetDateOverrideMutation() {
  const api = useApiClient();
  return useAvailabilityMutation(
    ({ date, intervals }: { date: string; intervals: { start: string; end: string }[] }) =>
      api.call(setDateOverrideEndpoint, { params: { date }, body: { intervals } }),
  );
}

export function useDeleteDateOverrideMutation() {
  const api = useApiClient();
  return useAvailabilityMutation((date: string) =>
    api.call(deleteDateOverrideEndpoint, { params: { date } }),
  );
}

export function useAddTimeOffMutation() {
  const api = useApiClient();
  return useAvailabilityMutation((body: TimeOffInput) => api.call(addTimeOffEndpoint, { body }));
}

export function useDeleteTimeOffMutation() {
  const api = useApiClient();
  return useAvailabilityMutation((timeOffId: string) =>
    api.call(deleteTimeOffEndpoint, { params: { timeOffId } }),
  );
}

/** The patients I have seen or will see (as a provider). */
export function usePracticePatientsQuery(options: { enabled?: boolean } = {}) {
  const api = useApiClient();
  return useQuery({
    queryKey: schedulingKeys.practice.patients(),
    queryFn: ({ signal }) => api.call(listPracticePatientsEndpoint, { signal }),
    enabled: options.enabled ?? true,
  });
}
