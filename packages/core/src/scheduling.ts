import { z } from 'zod';
import {
  ClinicLocation,
  Modality,
  ProviderListQuery,
  ProviderSummary,
  WeeklyHours,
} from './providers.ts';

/**
 * Scheduling contract (issue 4), the schemas: appointment types, availability, slots, booking,
 * waitlist and calendar feeds (the endpoints are in scheduling-endpoints.ts). Times on the wire are ISO 8601 instants with an offset; wall-clock times
 * ('HH:MM') and dates ('YYYY-MM-DD') are always in the provider's clinic time zone.
 */

/** Longest range a slot or appointment query may span. */
export const MAX_RANGE_DAYS = 90;
/** How long a waitlist offer holds a freed slot. */
export const WAITLIST_OFFER_MINUTES = 15;
/** Header that makes a booking retry safe. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const Instant = z.iso.datetime({
  offset: true,
  message: 'Must be a date and time in ISO 8601 with an offset, e.g. 2026-12-01T09:00:00-05:00',
});
export const LocalDate = z.iso.date({ message: 'Must be a date as YYYY-MM-DD' });
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Must be a time as HH:MM');

const rangeWithin =
  (days: number) =>
  <T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx) => {
    if (!v.from || !v.to) return;
    const from = Date.parse(v.from);
    const to = Date.parse(v.to);
    if (!(from < to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be after from' });
    } else if (to - from > days * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `The range may span at most ${days} days`,
      });
    }
  };

// ---------------------------------------------------------------------------------------------
// Appointment types

const appointmentTypeFields = {
  name: z.string().trim().min(1).max(100),
  durationMinutes: z.number().int().min(5).max(480),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  modality: Modality,
  /** How long before its start an appointment can still be booked. */
  minimumNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
  /** How far ahead it can be booked. */
  bookingHorizonDays: z.number().int().min(1).max(365),
};

export const AppointmentTypeInput = z
  .object({
    ...appointmentTypeFields,
    bufferBeforeMinutes: appointmentTypeFields.bufferBeforeMinutes.default(0),
    bufferAfterMinutes: appointmentTypeFields.bufferAfterMinutes.default(0),
    minimumNoticeMinutes: appointmentTypeFields.minimumNoticeMinutes.default(60),
    bookingHorizonDays: appointmentTypeFields.bookingHorizonDays.default(90),
  })
  .meta({ id: 'AppointmentTypeInput' });
export type AppointmentTypeInput = z.input<typeof AppointmentTypeInput>;

/** Only the fields given change (no defaults here: a missing field keeps its value). */
export const AppointmentTypePatch = z
  .object(appointmentTypeFields)
  .partial()
  .extend({ active: z.boolean().optional() })
  .meta({ id: 'AppointmentTypePatch' });
export type AppointmentTypePatch = z.input<typeof AppointmentTypePatch>;

export const AppointmentType = z
  .object({
    id: z.uuid(),
    name: z.string(),
    durationMinutes: z.number().int(),
    bufferBeforeMinutes: z.number().int(),
    bufferAfterMinutes: z.number().int(),
    modality: Modality,
    minimumNoticeMinutes: z.number().int(),
    bookingHorizonDays: z.number().int(),
    /** Inactive types are kept for past appointments but no longer offered. */
    active: z.boolean(),
  })
  .meta({ id: 'AppointmentType' });
export type AppointmentType = z.infer<typeof AppointmentType>;

export const AppointmentTypeSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    durationMinutes: z.number().int(),
    modality: Modality,
  })
  .meta({ id: 'AppointmentTypeSummary' });
export type AppointmentTypeSummary = z.infer<typeof AppointmentTypeSummary>;

// ---------------------------------------------------------------------------------------------
// Availability

export const LocalInterval = z
  .object({ start: LocalTime, end: LocalTime })
  .refine((i) => i.start < i.end, { message: 'start must be before end', path: ['end'] })
  .meta({ id: 'LocalInterval' });

/** Hours for one date that replace the weekly hours (no intervals: closed that day). */
export const DateOverride = z
  .object({ date: LocalDate, intervals: z.array(LocalInterval).max(10) })
  .meta({ id: 'DateOverride' });
export type DateOverride = z.infer<typeof DateOverride>;

export const TimeOffInput = z
  .object({
    start: Instant,
    end: Instant,
    reason: z.string().trim().max(200).optional(),
  })
  .refine((t) => Date.parse(t.start) < Date.parse(t.end), {
    message: 'Must be after start',
    path: ['end'],
  })
  .meta({ id: 'TimeOffInput' });
export type TimeOffInput = z.input<typeof TimeOffInput>;

export const TimeOff = z
  .object({ id: z.uuid(), start: Instant, end: Instant, reason: z.string().nullable() })
  .meta({ id: 'TimeOff' });
export type TimeOff = z.infer<typeof TimeOff>;

export const Availability = z
  .object({
    timeZone: z.string(),
    weeklyHours: z.array(WeeklyHours),
    /** Upcoming date overrides (today onwards), by date. */
    overrides: z.array(DateOverride),
    /** Upcoming and current time off, by start. */
    timeOff: z.array(TimeOff),
  })
  .meta({ id: 'Availability' });
export type Availability = z.infer<typeof Availability>;

// ---------------------------------------------------------------------------------------------
// Providers and slots

/** A provider in search results: the profile, what can be booked and the first free slot. */
export const ProviderListItem = ProviderSummary.extend({
  appointmentTypes: z.array(AppointmentTypeSummary),
  /** Start of the first bookable slot within the next 30 days, or null. */
  nextAvailable: Instant.nullable(),
}).meta({ id: 'ProviderListItem' });
export type ProviderListItem = z.infer<typeof ProviderListItem>;

export const ProviderList = z
  .object({ items: z.array(ProviderListItem) })
  .meta({ id: 'ProviderList' });
export type ProviderList = z.infer<typeof ProviderList>;

export const ProviderParams = z.object({ providerId: z.uuid({ message: 'Unknown provider' }) });

export const Slot = z.object({ start: Instant, end: Instant }).meta({ id: 'Slot' });
export type Slot = z.infer<typeof Slot>;

export const SlotQueryParams = z
  .object({
    appointmentTypeId: z.uuid({ message: 'Must be the id of an appointment type' }),
    from: Instant,
    to: Instant,
  })
  .superRefine(rangeWithin(MAX_RANGE_DAYS))
  .meta({ id: 'SlotQuery' });
export type SlotQueryParams = z.input<typeof SlotQueryParams>;

export const SlotList = z
  .object({
    /** The provider's clinic time zone (slots carry its offset). */
    timeZone: z.string(),
    slots: z.array(Slot),
  })
  .meta({ id: 'SlotList' });
export type SlotList = z.infer<typeof SlotList>;

export const FirstAvailableQuery = ProviderListQuery.extend({
  /** Look from this instant (default: now) up to 30 days ahead. */
  from: Instant.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
}).meta({ id: 'FirstAvailableQuery' });
export type FirstAvailableQuery = z.input<typeof FirstAvailableQuery>;

export const FirstAvailableItem = z
  .object({
    provider: z.object({ id: z.uuid(), name: z.string(), specialty: z.string() }),
    appointmentType: AppointmentTypeSummary,
    slot: Slot,
  })
  .meta({ id: 'FirstAvailableItem' });
export type FirstAvailableItem = z.infer<typeof FirstAvailableItem>;

// ---------------------------------------------------------------------------------------------
// Appointments

export const AppointmentStatus = z
  .enum(['booked', 'checked_in', 'completed', 'cancelled', 'no_show'])
  .meta({ id: 'AppointmentStatus' });
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

const PersonRef = z.object({ id: z.uuid(), name: z.string() });

export const Appointment = z
  .object({
    id: z.uuid(),
    patient: PersonRef,
    provider: PersonRef.extend({ specialty: z.string(), location: ClinicLocation }),
    appointmentType: AppointmentTypeSummary,
    start: Instant,
    end: Instant,
    status: AppointmentStatus,
    reason: z.string().nullable(),
    /** Who booked it (the patient, a caregiver for them). */
    bookedBy: PersonRef,
    cancellation: z.object({ reason: z.string(), by: PersonRef, at: Instant }).nullable(),
    /** Increases with every change, as the iCalendar SEQUENCE of the invitation. */
    sequence: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Appointment' });
export type Appointment = z.infer<typeof Appointment>;

export const BookAppointmentInput = z
  .object({
    providerId: z.uuid({ message: 'Pick a provider' }),
    appointmentTypeId: z.uuid({ message: 'Pick an appointment type' }),
    start: Instant,
    /** The patient, when a caregiver with appointments:manage books for them. */
    patientId: z.uuid({ message: 'Must be the id of a patient' }).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'BookAppointmentInput' });
export type BookAppointmentInput = z.input<typeof BookAppointmentInput>;

export const RescheduleInput = z
  .object({ start: Instant, appointmentTypeId: z.uuid().optional() })
  .meta({ id: 'RescheduleInput' });
export type RescheduleInput = z.input<typeof RescheduleInput>;

export const CancelInput = z
  .object({
    reason: z
      .string({ message: 'Say why the appointment is cancelled' })
      .trim()
      .min(1, 'Say why the appointment is cancelled')
      .max(500),
  })
  .meta({ id: 'CancelInput' });
export type CancelInput = z.input<typeof CancelInput>;

/** What a provider records about an appointment that takes place (or does not). */
export const StatusChangeInput = z
  .object({ status: z.enum(['checked_in', 'completed', 'no_show']) })
  .meta({ id: 'StatusChangeInput' });
export type StatusChangeInput = z.input<typeof StatusChangeInput>;

export const AppointmentListQuery = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    status: z
      .union([AppointmentStatus, z.string().transform((s) => s.split(','))])
      .pipe(z.union([AppointmentStatus, z.array(AppointmentStatus)]))
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    /** Only this patient's (the actor themselves, or one they act for or care for). */
    patientId: z.uuid().optional(),
    /** Only where the actor is the provider ('provider') or not ('patient'). */
    as: z.enum(['patient', 'provider']).optional(),
  })
  .superRefine(rangeWithin(366))
  .meta({ id: 'AppointmentListQuery' });
export type AppointmentListQuery = z.input<typeof AppointmentListQuery>;

export const AppointmentList = z
  .object({ items: z.array(Appointment) })
  .meta({ id: 'AppointmentList' });

export const AppointmentParams = z.object({ appointmentId: z.uuid() });

/** A provider's patient: someone with a booked or past appointment with them. */
export const PracticePatient = z
  .object({
    id: z.uuid(),
    name: z.string(),
    lastVisit: Instant.nullable(),
    nextAppointment: Instant.nullable(),
    appointmentCount: z.number().int(),
  })
  .meta({ id: 'PracticePatient' });
export type PracticePatient = z.infer<typeof PracticePatient>;

// ---------------------------------------------------------------------------------------------
// Waitlist

export const WaitlistInput = z
  .object({
    providerId: z.uuid({ message: 'Pick a provider' }),
    appointmentTypeId: z.uuid({ message: 'Pick an appointment type' }),
    /** First and last local dates (provider's zone) the patient could come. */
    earliest: LocalDate,
    latest: LocalDate,
    patientId: z.uuid().optional(),
  })
  .refine((w) => w.earliest <= w.latest, {
    message: 'Must not be before earliest',
    path: ['latest'],
  })
  .meta({ id: 'WaitlistInput' });
export type WaitlistInput = z.input<typeof WaitlistInput>;

export const WaitlistOffer = z
  .object({ id: z.uuid(), start: Instant, end: Instant, expiresAt: Instant })
  .meta({ id: 'WaitlistOffer' });
export type WaitlistOffer = z.infer<typeof WaitlistOffer>;

export const WaitlistEntry = z
  .object({
    id: z.uuid(),
    patient: PersonRef,
    provider: PersonRef,
    appointmentType: AppointmentTypeSummary,
    earliest: LocalDate,
    latest: LocalDate,
    status: z.enum(['waiting', 'offered', 'booked', 'cancelled', 'expired']),
    /** The slot currently held for this person, if any. */
    offer: WaitlistOffer.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'WaitlistEntry' });
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;

export const WaitlistParams = z.object({ entryId: z.uuid() });
export const OfferParams = z.object({ offerId: z.uuid() });

// ---------------------------------------------------------------------------------------------
// Calendar feed

export const CalendarFeed = z
  .object({
    /** Subscription address for calendar apps (webcal://…); the token in it is the secret. */
    webcalUrl: z.string(),
    /** The same feed over https, for apps that ask for that. */
    httpsUrl: z.string(),
  })
  .meta({ id: 'CalendarFeed' });
export type CalendarFeed = z.infer<typeof CalendarFeed>;
