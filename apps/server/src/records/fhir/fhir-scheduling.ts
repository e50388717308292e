import type { Appointment as AppAppointment, AppointmentStatus } from '@carecircle/core';
import type { Appointment, Bundle, Schedule, Slot } from '@medplum/fhirtypes';
import { HttpError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/request-context.ts';
import { getAppointment } from '../../scheduling/appointments.service.ts';
import { listAppointments } from '../../scheduling/appointments-list.service.ts';
import { getProvider } from '../../scheduling/providers.service.ts';
import { findSlots } from '../../scheduling/slots.service.ts';
import { assertAppAllows, defaultPatient } from './fhir-auth.ts';
import { pageOf, searchsetBundle } from './fhir-bundles.ts';
import { fhirBadRequest, fhirNotFound } from './fhir-errors.ts';
import type { FhirEnv } from './fhir-records.ts';
import {
  isOurId,
  knownParams,
  parseDates,
  parsePaging,
  parseTokens,
  referenceParam,
  type SearchParams,
} from './fhir-search.ts';
import { fhirRepo } from './fhir.repo.ts';

/**
 * Scheduling as FHIR sees it: each active appointment type of a provider is a Schedule, its
 * free times are Slots (from the same slot computation as booking), and appointments are
 * Appointments (never with the patient's reason, which may be health data).
 */

const DAY = 86_400_000;
const MAX_SLOT_DAYS = 31;
const DEFAULT_SLOT_DAYS = 7;

/** `GET /Schedule?actor=Practitioner/x`: the provider's bookable appointment types. */
export async function searchSchedules(
  env: FhirEnv,
  actor: Actor,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  assertAppAllows(actor, 'Schedule', 's');
  const params = knownParams(raw, ['actor'], lenient);
  const paging = parsePaging(params);
  const providerId = referenceParam(params, 'actor', 'Practitioner');
  if (!providerId) throw fhirBadRequest('Name the provider (actor=Practitioner/{id}).', 'actor');
  let schedules: Schedule[] = [];
  if (isOurId(providerId)) {
    try {
      const provider = await getProvider(env.db, providerId);
      schedules = provider.appointmentTypes.map((t) => ({
        resourceType: 'Schedule',
        id: t.id,
        active: true,
        serviceType: [{ text: t.name }],
        actor: [{ reference: `Practitioner/${provider.id}`, display: provider.name }],
        comment: `${t.durationMinutes} minutes, ${t.modality.replace('_', ' ')}`,
      }));
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
  }
  return searchsetBundle({
    base: env.base,
    path: 'Schedule',
    params,
    matches: pageOf(schedules, paging.count, paging.offset),
    count: paging.count,
    offset: paging.offset,
    total: schedules.length,
  });
}

/** The range a `start` (or `date`) search asks for: ge/gt set the start, lt/le the end. */
function rangeOf(params: SearchParams, name: string): { from?: Date; to?: Date } {
  let from: Date | undefined;
  let to: Date | undefined;
  for (const d of parseDates(params, name)) {
    if (d.op === 'ge' || d.op === 'sa') from = d.op === 'ge' ? d.start : d.end;
    else if (d.op === 'gt') from = d.end;
    else if (d.op === 'lt' || d.op === 'eb') to = d.start;
    else if (d.op === 'le') to = d.end;
    else if (d.op === 'eq') {
      from = d.start;
      to = d.end;
    } else throw fhirBadRequest(`${name} takes eq, ge, gt, le, lt, sa or eb here.`, name);
  }
  return { from, to };
}

/** `GET /Slot?schedule=Schedule/x&start=ge…&start=lt…`: free slots, at most 31 days. */
export async function searchSlots(
  env: FhirEnv,
  actor: Actor,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  assertAppAllows(actor, 'Slot', 's');
  const params = knownParams(raw, ['schedule', 'start', 'status'], lenient);
  const paging = parsePaging(params);
  const scheduleId = referenceParam(params, 'schedule', 'Schedule');
  if (!scheduleId) throw fhirBadRequest('Name the schedule (schedule=Schedule/{id}).', 'schedule');
  const range = rangeOf(params, 'start');
  const now = new Date();
  const from = range.from ?? now;
  const to = range.to ?? new Date(from.getTime() + DEFAULT_SLOT_DAYS * DAY);
  if (to.getTime() - from.getTime() > MAX_SLOT_DAYS * DAY) {
    throw fhirBadRequest(`Ask for at most ${MAX_SLOT_DAYS} days of slots at a time.`, 'start');
  }
  const statuses = parseTokens(params, 'status');
  let slots: Slot[] = [];
  const providerId = isOurId(scheduleId)
    ? await fhirRepo.providerOfActiveType(env.db, scheduleId)
    : undefined;
  if (providerId && to > from && (statuses.length === 0 || statuses.includes('free'))) {
    try {
      const found = await findSlots(env.db, {
        providerId,
        appointmentTypeId: scheduleId,
        from,
        to,
        now,
      });
      slots = found.slots.map((s) => ({
        resourceType: 'Slot',
        id: `${scheduleId}-${Math.floor(Date.parse(s.start) / 60_000).toString(36)}`,
        schedule: { reference: `Schedule/${scheduleId}` },
        status: 'free',
        start: s.start,
        end: s.end,
      }));
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
  }
  return searchsetBundle({
    base: env.base,
    path: 'Slot',
    params,
    matches: pageOf(slots, paging.count, paging.offset),
    count: paging.count,
    offset: paging.offset,
    total: slots.length,
  });
}

const STATUS_TO_FHIR: Record<AppointmentStatus, Appointment['status']> = {
  booked: 'booked',
  checked_in: 'checked-in',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
};
const STATUS_FROM_FHIR = new Map(
  Object.entries(STATUS_TO_FHIR).map(([ours, theirs]) => [theirs, ours as AppointmentStatus]),
);

export function toFhirAppointment(a: AppAppointment): Appointment {
  const start = Date.parse(a.start);
  const end = Date.parse(a.end);
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: { lastUpdated: new Date(a.updatedAt).toISOString() },
    status: STATUS_TO_FHIR[a.status],
    serviceType: [{ text: a.appointmentType.name }],
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    minutesDuration: Math.round((end - start) / 60_000),
    created: new Date(a.createdAt).toISOString(),
    participant: [
      {
        actor: { reference: `Patient/${a.patient.id}`, display: a.patient.name },
        required: 'required',
        status: 'accepted',
      },
      {
        actor: { reference: `Practitioner/${a.provider.id}`, display: a.provider.name },
        required: 'required',
        status: 'accepted',
      },
    ],
  };
}

/** `GET /Appointment/{id}`: through scheduling's own access check and audit. */
export async function readAppointment(
  env: FhirEnv,
  actor: Actor,
  id: string,
): Promise<Appointment> {
  if (!isOurId(id)) throw fhirNotFound();
  const appointment = await getAppointment(env.store, actor, id.toLowerCase());
  assertAppAllows(actor, 'Appointment', 'r', { patientId: appointment.patient.id });
  return toFhirAppointment(appointment);
}

/** `GET /Appointment?patient=…[&date=ge…][&status=…]`: one patient's appointments. */
export async function searchAppointments(
  env: FhirEnv,
  actor: Actor,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  const params = knownParams(raw, ['patient', 'date', 'status'], lenient);
  const paging = parsePaging(params);
  const patientId = referenceParam(params, 'patient', 'Patient') ?? defaultPatient(actor);
  if (!isOurId(patientId)) throw fhirNotFound();
  assertAppAllows(actor, 'Appointment', 's', { patientId });
  const range = rangeOf(params, 'date');
  const statuses = parseTokens(params, 'status').map((s) => {
    const ours = STATUS_FROM_FHIR.get(s as Appointment['status']);
    if (!ours) throw fhirBadRequest(`status ${s} is not one appointments have here.`, 'status');
    return ours;
  });
  const list = await listAppointments(env.store, actor, {
    patientId,
    from: range.from?.toISOString(),
    to: range.to?.toISOString(),
    status: statuses.length > 0 ? statuses : undefined,
  });
  const appointments = list.filter((a) => a.patient.id === patientId).map(toFhirAppointment);
  return searchsetBundle({
    base: env.base,
    path: 'Appointment',
    params: { ...params, patient: `Patient/${patientId}` },
    matches: pageOf(appointments, paging.count, paging.offset),
    count: paging.count,
    offset: paging.offset,
    total: appointments.length,
  });
}
