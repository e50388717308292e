import { z } from 'zod';
import { Locale, TimeZone } from './roles.ts';

export const Modality = z.enum(['in_person', 'video', 'phone']);
export type Modality = z.infer<typeof Modality>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time as HH:MM (24 h)');

export const WeeklyHours = z
  .object({
    weekday: Weekday,
    start: LocalTime,
    end: LocalTime,
  })
  .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] })
  .meta({ id: 'WeeklyHours' });
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const ClinicLocation = z
  .object({
    name: z.string().min(1).max(200),
    address: z.string().min(1).max(500),
    timeZone: TimeZone,
  })
  .meta({ id: 'ClinicLocation' });
export type ClinicLocation = z.infer<typeof ClinicLocation>;

export const ProviderSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    specialty: z.string(),
    languages: z.array(z.string()),
    modalities: z.array(Modality),
    location: ClinicLocation,
    bio: z.string(),
  })
  .meta({ id: 'ProviderSummary' });
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const ProviderProfileInput = z
  .object({
    specialty: z.string().trim().min(1).max(100),
    languages: z.array(z.string().trim().min(2).max(20)).min(1).default(['en']),
    modalities: z.array(Modality).min(1),
    location: ClinicLocation,
    bio: z.string().trim().max(2000).default(''),
  })
  .meta({ id: 'ProviderProfileInput' });
export type ProviderProfileInput = z.input<typeof ProviderProfileInput>;

export const WeeklyHoursInput = z.array(WeeklyHours).max(50);

export const ProviderListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    specialty: z.string().trim().max(100).optional(),
    modality: Modality.optional(),
    language: Locale.or(z.string().trim().min(2).max(20)).optional(),
  })
  .meta({ id: 'ProviderListQuery' });
export type ProviderListQuery = z.infer<typeof ProviderListQuery>;
