/** The scheduling endpoints (issue 4); the schemas they use are in scheduling.ts. */
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import {
  ProviderListQuery,
  ProviderProfileInput,
  ProviderSummary,
  WeeklyHours,
} from './providers.ts';
import {
  Appointment,
  AppointmentList,
  AppointmentListQuery,
  AppointmentParams,
  AppointmentType,
  AppointmentTypeInput,
  AppointmentTypePatch,
  Availability,
  BookAppointmentInput,
  CalendarFeed,
  CancelInput,
  FirstAvailableItem,
  FirstAvailableQuery,
  LocalDate,
  LocalInterval,
  OfferParams,
  PracticePatient,
  ProviderList,
  ProviderListItem,
  ProviderParams,
  RescheduleInput,
  SlotList,
  SlotQueryParams,
  StatusChangeInput,
  TimeOffInput,
  WaitlistEntry,
  WaitlistInput,
  WaitlistParams,
} from './scheduling.ts';
import { NoContent } from './sign-up.ts';

const tags = ['scheduling'];

export const listProvidersEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/providers',
  operationId: 'listProviders',
  summary: 'Find providers by name, specialty, modality or language',
  tags,
  query: ProviderListQuery,
  status: 200,
  response: ProviderList,
  auth: false,
});

export const getProviderEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/providers/:providerId',
  operationId: 'getProvider',
  summary: 'A provider with what can be booked and the first free slot',
  tags,
  params: ProviderParams,
  status: 200,
  response: ProviderListItem,
  auth: false,
});

export const listSlotsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/providers/:providerId/slots',
  operationId: 'listSlots',
  summary: 'Free slots of one appointment type in a range (at most 90 days)',
  tags,
  params: ProviderParams,
  query: SlotQueryParams,
  status: 200,
  response: SlotList,
  auth: false,
});

export const firstAvailableEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/first-available',
  operationId: 'firstAvailable',
  summary: 'The earliest free slots across providers matching a search',
  tags,
  query: FirstAvailableQuery,
  status: 200,
  response: z.object({ items: z.array(FirstAvailableItem) }),
  auth: false,
});

// The signed-in provider's own practice.

export const getPracticeProfileEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/practice/profile',
  operationId: 'getPracticeProfile',
  summary: 'My provider profile',
  tags,
  status: 200,
  response: ProviderSummary,
  auth: true,
});

export const updatePracticeProfileEndpoint = defineEndpoint({
  method: 'put',
  path: '/api/v1/practice/profile',
  operationId: 'updatePracticeProfile',
  summary: 'Change my provider profile',
  tags,
  body: ProviderProfileInput,
  status: 200,
  response: ProviderSummary,
  auth: true,
});

export const listAppointmentTypesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/practice/appointment-types',
  operationId: 'listAppointmentTypes',
  summary: 'My appointment types, active and inactive',
  tags,
  status: 200,
  response: z.object({ items: z.array(AppointmentType) }),
  auth: true,
});

export const createAppointmentTypeEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/practice/appointment-types',
  operationId: 'createAppointmentType',
  summary: 'Offer a new appointment type',
  tags,
  body: AppointmentTypeInput,
  status: 201,
  response: AppointmentType,
  auth: true,
});

export const updateAppointmentTypeEndpoint = defineEndpoint({
  method: 'patch',
  path: '/api/v1/practice/appointment-types/:appointmentTypeId',
  operationId: 'updateAppointmentType',
  summary: 'Change or retire one of my appointment types',
  tags,
  params: z.object({ appointmentTypeId: z.uuid() }),
  body: AppointmentTypePatch,
  status: 200,
  response: AppointmentType,
  auth: true,
});

export const getAvailabilityEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/practice/availability',
  operationId: 'getAvailability',
  summary: 'My weekly hours, date overrides and time off',
  tags,
  status: 200,
  response: Availability,
  auth: true,
});

export const setWeeklyHoursEndpoint = defineEndpoint({
  method: 'put',
  path: '/api/v1/practice/availability/weekly-hours',
  operationId: 'setWeeklyHours',
  summary: 'Replace my weekly hours (wall-clock times in my clinic time zone)',
  tags,
  body: z.object({ weeklyHours: z.array(WeeklyHours).max(50) }),
  status: 200,
  response: Availability,
  auth: true,
});

export const setDateOverrideEndpoint = defineEndpoint({
  method: 'put',
  path: '/api/v1/practice/availability/overrides/:date',
  operationId: 'setDateOverride',
  summary: 'Set special hours for one date (no intervals: closed)',
  tags,
  params: z.object({ date: LocalDate }),
  body: z.object({ intervals: z.array(LocalInterval).max(10) }),
  status: 200,
  response: Availability,
  auth: true,
});

export const deleteDateOverrideEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/practice/availability/overrides/:date',
  operationId: 'deleteDateOverride',
  summary: 'Go back to the weekly hours on one date',
  tags,
  params: z.object({ date: LocalDate }),
  status: 200,
  response: Availability,
  auth: true,
});

export const addTimeOffEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/practice/availability/time-off',
  operationId: 'addTimeOff',
  summary: 'Add time off (existing appointments in it are not cancelled)',
  tags,
  body: TimeOffInput,
  status: 201,
  response: Availability,
  auth: true,
});

export const deleteTimeOffEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/practice/availability/time-off/:timeOffId',
  operationId: 'deleteTimeOff',
  summary: 'Remove time off',
  tags,
  params: z.object({ timeOffId: z.uuid() }),
  status: 200,
  response: Availability,
  auth: true,
});

export const listPracticePatientsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/practice/patients',
  operationId: 'listPracticePatients',
  summary: 'The patients I have seen or will see',
  tags,
  status: 200,
  response: z.object({ items: z.array(PracticePatient) }),
  auth: true,
});

// Appointments.

export const bookAppointmentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/appointments',
  operationId: 'bookAppointment',
  summary:
    'Book a free slot (409 slot-unavailable when it is taken; an Idempotency-Key header makes retries safe)',
  tags,
  body: BookAppointmentInput,
  status: 201,
  response: Appointment,
  auth: true,
});

export const listAppointmentsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/appointments',
  operationId: 'listAppointments',
  summary: 'Appointments I may see: my own, those of patients I act for, and as a provider',
  tags,
  query: AppointmentListQuery,
  status: 200,
  response: AppointmentList,
  auth: true,
});

export const getAppointmentEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/appointments/:appointmentId',
  operationId: 'getAppointment',
  summary: 'One appointment',
  tags,
  params: AppointmentParams,
  status: 200,
  response: Appointment,
  auth: true,
});

export const rescheduleAppointmentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/appointments/:appointmentId/reschedule',
  operationId: 'rescheduleAppointment',
  summary: 'Move an appointment to another free slot (the original stays if that fails)',
  tags,
  params: AppointmentParams,
  body: RescheduleInput,
  status: 200,
  response: Appointment,
  auth: true,
});

export const cancelAppointmentEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/appointments/:appointmentId/cancel',
  operationId: 'cancelAppointment',
  summary: 'Cancel an appointment with a reason',
  tags,
  params: AppointmentParams,
  body: CancelInput,
  status: 200,
  response: Appointment,
  auth: true,
});

export const changeAppointmentStatusEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/appointments/:appointmentId/status',
  operationId: 'changeAppointmentStatus',
  summary: 'Provider: check in, complete or mark a no-show',
  tags,
  params: AppointmentParams,
  body: StatusChangeInput,
  status: 200,
  response: Appointment,
  auth: true,
});

// Waitlist.

export const joinWaitlistEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/waitlist',
  operationId: 'joinWaitlist',
  summary: 'Ask for an earlier slot with a provider within a date range',
  tags,
  body: WaitlistInput,
  status: 201,
  response: WaitlistEntry,
  auth: true,
});

export const listWaitlistEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/waitlist',
  operationId: 'listWaitlist',
  summary: 'My waitlist entries (and those of patients I act for), with any offer held for me',
  tags,
  status: 200,
  response: z.object({ items: z.array(WaitlistEntry) }),
  auth: true,
});

export const leaveWaitlistEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/waitlist/:entryId',
  operationId: 'leaveWaitlist',
  summary: 'Leave the waitlist',
  tags,
  params: WaitlistParams,
  status: 204,
  response: NoContent,
  auth: true,
});

export const acceptWaitlistOfferEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/waitlist/offers/:offerId/accept',
  operationId: 'acceptWaitlistOffer',
  summary: 'Book the slot held for me (409 when the offer has expired)',
  tags,
  params: OfferParams,
  status: 201,
  response: Appointment,
  auth: true,
});

export const declineWaitlistOfferEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/waitlist/offers/:offerId/decline',
  operationId: 'declineWaitlistOffer',
  summary: 'Pass on the slot held for me; it goes to the next person waiting',
  tags,
  params: OfferParams,
  status: 204,
  response: NoContent,
  auth: true,
});

// Calendar.

export const getCalendarFeedEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/calendar-feed',
  operationId: 'getCalendarFeed',
  summary: 'My private calendar subscription address (created on first use)',
  tags,
  status: 200,
  response: CalendarFeed,
  auth: true,
});

export const rotateCalendarFeedEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/calendar-feed/rotate',
  operationId: 'rotateCalendarFeed',
  summary: 'Replace my calendar subscription address (the old one stops working)',
  tags,
  status: 200,
  response: CalendarFeed,
  auth: true,
});

/** Paths served as text/calendar outside the JSON contract. */
export const calendarPaths = {
  /** `GET` — one appointment as an .ics file (signed in, same access as the appointment). */
  appointmentIcs: (appointmentId: string) => `/api/v1/appointments/${appointmentId}/calendar.ics`,
  /** `GET` — the private feed; the token is the only credential. */
  feed: (token: string) => `/calendar/${token}.ics`,
};

export const schedulingEndpoints = [
  listProvidersEndpoint,
  getProviderEndpoint,
  listSlotsEndpoint,
  firstAvailableEndpoint,
  getPracticeProfileEndpoint,
  updatePracticeProfileEndpoint,
  listAppointmentTypesEndpoint,
  createAppointmentTypeEndpoint,
  updateAppointmentTypeEndpoint,
  getAvailabilityEndpoint,
  setWeeklyHoursEndpoint,
  setDateOverrideEndpoint,
  deleteDateOverrideEndpoint,
  addTimeOffEndpoint,
  deleteTimeOffEndpoint,
  listPracticePatientsEndpoint,
  bookAppointmentEndpoint,
  listAppointmentsEndpoint,
  getAppointmentEndpoint,
  rescheduleAppointmentEndpoint,
  cancelAppointmentEndpoint,
  changeAppointmentStatusEndpoint,
  joinWaitlistEndpoint,
  listWaitlistEndpoint,
  leaveWaitlistEndpoint,
  acceptWaitlistOfferEndpoint,
  declineWaitlistOfferEndpoint,
  getCalendarFeedEndpoint,
  rotateCalendarFeedEndpoint,
] as const;
