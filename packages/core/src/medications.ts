import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { DoseAnswer } from './notifications.ts';
import { Instant, LocalDate } from './scheduling.ts';

/**
 * Medication schedules, doses and adherence (issue 6). A schedule belongs to one of the
 * patient's medications (a MedicationRequest or MedicationStatement in the record) and says
 * when to take it: times per day, days of the week, from a start date to an optional end date,
 * in the patient's time zone. Each planned intake is a dose: reminded at its time, answered
 * taken / skipped / snoozed, and missed when nobody answered within the patient's window (then
 * caregivers with the medications scope are told).
 *
 * Access (decided in the server's access/): reading schedules, doses and adherence takes
 * `medications:read` (or `records:read`); planning schedules and answering doses takes
 * `medications:manage`: the patient, and caregivers whose grant has that scope.
 */

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time as HH:MM (24 h)');

/** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
export const IsoWeekday = z.number().int().min(1).max(7);

export const MedicationRef = z
  .object({
    resourceType: z.enum(['MedicationRequest', 'MedicationStatement']),
    id: z.uuid(),
  })
  .meta({ id: 'MedicationRef' });
export type MedicationRef = z.infer<typeof MedicationRef>;

const scheduleFields = {
  times: z
    .array(ClockTime)
    .min(1, 'Add at least one time of day')
    .max(12, 'At most 12 times a day')
    .refine((t) => new Set(t).size === t.length, 'Each time only once'),
  /** Empty or all seven = every day. */
  daysOfWeek: z
    .array(IsoWeekday)
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'Each day only once'),
  startDate: LocalDate,
  endDate: LocalDate.nullable(),
  /** Minutes after a dose's time with no answer before it counts as missed (and caregivers hear). */
  missedAfterMinutes: z.number().int().min(15).max(720),
  /** Whether caregivers with the medications scope are told about missed doses. */
  notifyCaregivers: z.boolean(),
};

const endNotBeforeStart = (
  v: { startDate?: string; endDate?: string | null },
  ctx: z.RefinementCtx,
) => {
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: 'Must be on or after the start date',
    });
  }
};

export const NewMedicationSchedule = z
  .object({ medication: MedicationRef, ...scheduleFields })
  .superRefine(endNotBeforeStart)
  .meta({ id: 'NewMedicationSchedule' });
export type NewMedicationSchedule = z.infer<typeof NewMedicationSchedule>;

export const UpdateMedicationSchedule = z
  .object({ ...scheduleFields, active: z.boolean() })
  .partial()
  .superRefine(endNotBeforeStart)
  .meta({ id: 'UpdateMedicationSchedule' });
export type UpdateMedicationSchedule = z.infer<typeof UpdateMedicationSchedule>;

export const MedicationSchedule = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    medication: MedicationRef.extend({
      /** "Metformin 500 mg", from the record. */
      title: z.string(),
      details: z.string().nullable(),
    }),
    ...scheduleFields,
    timeZone: z.string(),
    active: z.boolean(),
    /** The next planned dose, if any. */
    nextDoseAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'MedicationSchedule' });
export type MedicationSchedule = z.infer<typeof MedicationSchedule>;

export const DoseStatus = z
  .enum(['upcoming', 'due', 'taken', 'skipped', 'snoozed', 'missed'])
  .meta({ id: 'DoseStatus' });
export type DoseStatus = z.infer<typeof DoseStatus>;

export const MedicationDose = z
  .object({
    id: z.uuid(),
    scheduleId: z.uuid(),
    medicationTitle: z.string(),
    scheduledAt: Instant,
    status: DoseStatus,
    /** When snoozed: the reminder comes again then. */
    snoozedUntil: Instant.nullable(),
    answeredAt: Instant.nullable(),
    /** Who answered (the patient or a caregiver). */
    answeredBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'MedicationDose' });
export type MedicationDose = z.infer<typeof MedicationDose>;

export const MedicationPatientQuery = z.object({
  /** A caregiver names the patient (or sends X-Acting-For). */
  patientId: z.uuid().optional(),
});

export const DoseListQuery = MedicationPatientQuery.extend({
  from: Instant,
  to: Instant,
});

export const AnswerDose = z
  .object({
    answer: DoseAnswer,
    /** For `snoozed`: remind again after this many minutes. */
    snoozeMinutes: z.number().int().min(5).max(240).optional(),
  })
  .meta({ id: 'AnswerDose' });
export type AnswerDose = z.infer<typeof AnswerDose>;

export const AdherenceQuery = MedicationPatientQuery.extend({
  days: z.coerce.number().int().min(7).max(90).default(30),
});

export const AdherenceDay = z
  .object({
    date: LocalDate,
    scheduled: z.number().int(),
    taken: z.number().int(),
    skipped: z.number().int(),
    missed: z.number().int(),
  })
  .meta({ id: 'AdherenceDay' });

export const Adherence = z
  .object({
    /** Oldest first, in the patient's time zone; today last. */
    days: z.array(AdherenceDay),
    /** Taken ÷ (doses whose time has passed), 0–1; null when none has. */
    rate: z.number().min(0).max(1).nullable(),
    perSchedule: z.array(
      z.object({
        scheduleId: z.uuid(),
        medicationTitle: z.string(),
        taken: z.number().int(),
        due: z.number().int(),
        rate: z.number().min(0).max(1).nullable(),
      }),
    ),
  })
  .meta({ id: 'Adherence' });
export type Adherence = z.infer<typeof Adherence>;

export const ScheduleParams = z.object({ scheduleId: z.uuid() });
export const DoseParams = z.object({ doseId: z.uuid() });

const tags = ['medications'];

export const listMedicationSchedulesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/medications/schedules',
  operationId: 'listMedicationSchedules',
  summary: "The patient's medication schedules",
  tags,
  query: MedicationPatientQuery,
  status: 200,
  response: z.object({ schedules: z.array(MedicationSchedule) }),
  auth: true,
});

export const createMedicationScheduleEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/medications/schedules',
  operationId: 'createMedicationSchedule',
  summary: 'Plan when to take one of the medications in the record',
  tags,
  query: MedicationPatientQuery,
  body: NewMedicationSchedule,
  status: 201,
  response: MedicationSchedule,
  auth: true,
});

export const updateMedicationScheduleEndpoint = defineEndpoint({
  method: 'patch',
  path: '/api/v1/medications/schedules/:scheduleId',
  operationId: 'updateMedicationSchedule',
  summary: 'Change the times, days, dates or missed-dose window; pause or resume',
  tags,
  params: ScheduleParams,
  body: UpdateMedicationSchedule,
  status: 200,
  response: MedicationSchedule,
  auth: true,
});

export const deleteMedicationScheduleEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/medications/schedules/:scheduleId',
  operationId: 'deleteMedicationSchedule',
  summary: 'Stop the reminders of a schedule (the adherence log stays)',
  tags,
  params: ScheduleParams,
  status: 204,
  response: z.undefined(),
  auth: true,
});

export const listDosesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/medications/doses',
  operationId: 'listMedicationDoses',
  summary: 'Planned doses in a time range with their answers (today’s list, the log)',
  tags,
  query: DoseListQuery,
  status: 200,
  response: z.object({ doses: z.array(MedicationDose) }),
  auth: true,
});

export const answerDoseEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/medications/doses/:doseId/answer',
  operationId: 'answerMedicationDose',
  summary: 'Taken, skipped or snoozed (from the reminder or the list)',
  tags,
  params: DoseParams,
  body: AnswerDose,
  status: 200,
  response: MedicationDose,
  auth: true,
});

export const adherenceEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/medications/adherence',
  operationId: 'getMedicationAdherence',
  summary: 'Doses taken, skipped and missed per day, and the adherence rate',
  tags,
  query: AdherenceQuery,
  status: 200,
  response: Adherence,
  auth: true,
});

export const medicationEndpoints = [
  listMedicationSchedulesEndpoint,
  createMedicationScheduleEndpoint,
  updateMedicationScheduleEndpoint,
  deleteMedicationScheduleEndpoint,
  listDosesEndpoint,
  answerDoseEndpoint,
  adherenceEndpoint,
];
