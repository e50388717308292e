import {
  problemTypes,
  computeSlots,
  firstSlot,
  type SlotQuery,
  type SlotRules,
  type WeeklyHoursRule,
} from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { HttpError } from '../platform/errors.ts';
import { practiceRepo, type AppointmentTypeRow, type ScheduleRow } from './practice.repo.ts';

export type { AppointmentTypeRow } from './practice.repo.ts';

/** A free slot: ISO 8601 instants with the provider's UTC offset. */
export interface Slot {
  start: string;
  end: string;
}

export interface SlotRequest {
  providerId: string;
  appointmentTypeId: string;
  from: Date;
  to: Date;
  now?: Date;
  ignoreAppointmentId?: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Widening of the range loaded from the database: a slot starting in [from, to) blocks at most
 * [from - 240 min buffer, to + 480 min duration + 240 min buffer); 12 hours covers it.
 */
const LOAD_MARGIN = 12 * 60 * MINUTE;
const WEEKDAYS: WeeklyHoursRule['weekday'][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** 404 for an appointment type the provider does not offer, naming the field. */
export function unknownAppointmentType(path = 'appointmentTypeId'): HttpError {
  return new HttpError({
    status: 404,
    type: problemTypes.notFound,
    title: 'Not found',
    detail: 'appointmentTypeId: this provider does not offer this appointment type.',
    errors: [
      {
        path,
        message: 'This provider does not offer this appointment type',
        code: 'not_found',
      },
    ],
  });
}

/** The appointment type row (active or not) for a provider, or undefined. */
export async function getAppointmentType(
  db: Db,
  providerId: string,
  appointmentTypeId: string,
): Promise<AppointmentTypeRow | undefined> {
  return practiceRepo.appointmentType(db, providerId, appointmentTypeId);
}

export function rulesOf(type: AppointmentTypeRow): SlotRules {
  return {
    durationMinutes: type.duration_minutes,
    bufferBeforeMinutes: type.buffer_before_minutes,
    bufferAfterMinutes: type.buffer_after_minutes,
    minimumNoticeMinutes: type.minimum_notice_minutes,
    bookingHorizonDays: type.booking_horizon_days,
  };
}

/**
 * The part of [from, to) in which a slot of this type may start at `now` (minimum notice,
 * booking horizon), or null when none.
 */
function bookableWindow(
  rules: SlotRules,
  from: Date,
  to: Date,
  now: Date,
): { from: Date; to: Date } | null {
  const lo = Math.max(from.getTime(), now.getTime() + rules.minimumNoticeMinutes * MINUTE);
  const hi = Math.min(to.getTime(), now.getTime() + rules.bookingHorizonDays * DAY + 1);
  return lo < hi ? { from: new Date(lo), to: new Date(hi) } : null;
}

/**
 * Loads the schedules of these providers for slot starts in [from, to) (the database range is
 * widened so that buffers and durations past the edges are seen). `ignoreAppointmentId`'s own
 * blocked range is left out (a reschedule may move within or next to it).
 */
export async function loadSchedules(
  db: Db,
  providerIds: string[],
  from: Date,
  to: Date,
  ignoreAppointmentId?: string,
): Promise<Map<string, ScheduleRow>> {
  const rows = await practiceRepo.schedules(
    db,
    providerIds,
    new Date(from.getTime() - LOAD_MARGIN),
    new Date(to.getTime() + LOAD_MARGIN),
    ignoreAppointmentId,
  );
  return new Map(rows.map((r) => [r.provider_id, r]));
}

/** The pure slot query for one provider's loaded schedule and one appointment type. */
export function slotQueryFor(
  schedule: ScheduleRow,
  rules: SlotRules,
  range: { from: Date; to: Date; now: Date },
): SlotQuery {
  let base = converted.get(schedule);
  if (!base) {
    base = {
      timeZone: schedule.time_zone,
      weeklyHours: schedule.weekly.map(([weekday, start, end]) => ({
        weekday: WEEKDAYS[weekday - 1]!,
        start: start.slice(0, 5),
        end: end.slice(0, 5),
      })),
      overrides: schedule.overrides,
      timeOff: schedule.time_off.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
      busy: schedule.busy.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
    };
    converted.set(schedule, base);
  }
  return { ...base, rules, from: range.from, to: range.to, now: range.now };
}

/** A loaded schedule in the pure function's terms, converted once for all its types. */
const converted = new WeakMap<
  ScheduleRow,
  Pick<SlotQuery, 'timeZone' | 'weeklyHours' | 'overrides' | 'timeOff' | 'busy'>
>();

/**
 * Free slots of an ACTIVE appointment type of the provider; throws notFound (404 problem naming
 * appointmentTypeId) for an unknown/inactive/other provider's type.
 */
export async function findSlots(
  db: Db,
  req: SlotRequest,
): Promise<{ timeZone: string; slots: Slot[] }> {
  const found = await practiceRepo.bookableType(db, req.providerId, req.appointmentTypeId);
  if (!found) throw unknownAppointmentType();
  const now = req.now ?? new Date();
  const rules = rulesOf(found.type);
  const window = bookableWindow(rules, req.from, req.to, now);
  if (!window) return { timeZone: found.timeZone, slots: [] };
  const schedule = (
    await loadSchedules(db, [req.providerId], window.from, window.to, req.ignoreAppointmentId)
  ).get(req.providerId);
  if (!schedule) throw unknownAppointmentType();
  return {
    timeZone: schedule.time_zone,
    slots: computeSlots(slotQueryFor(schedule, rules, { ...window, now })),
  };
}

/**
 * Whether `start` is exactly a slot start offered right now (uses findSlots over
 * [start, start+1min) ignoring `ignoreAppointmentId`'s own blocked range, for reschedule).
 */
export async function isSlotOffered(
  db: Db,
  req: {
    providerId: string;
    appointmentTypeId: string;
    start: Date;
    now?: Date;
    ignoreAppointmentId?: string;
  },
): Promise<boolean> {
  const { slots } = await findSlots(db, {
    providerId: req.providerId,
    appointmentTypeId: req.appointmentTypeId,
    from: req.start,
    to: new Date(req.start.getTime() + MINUTE),
    now: req.now,
    ignoreAppointmentId: req.ignoreAppointmentId,
  });
  return slots.some((s) => Date.parse(s.start) === req.start.getTime());
}

/** The first slot of one provider's type in [from, to), from an already loaded schedule. */
export function firstSlotOf(
  schedule: ScheduleRow,
  type: AppointmentTypeRow,
  from: Date,
  to: Date,
  now: Date,
): Slot | null {
  const rules = rulesOf(type);
  const window = bookableWindow(rules, from, to, now);
  if (!window) return null;
  return firstSlot(slotQueryFor(schedule, rules, { ...window, now }));
}

export interface BookableProvider {
  id: string;
  /** Active types to look at, in order of preference when two give the same start. */
  types: AppointmentTypeRow[];
}

export interface EarliestSlot {
  type: AppointmentTypeRow;
  slot: Slot;
}

/**
 * Days looked at, one stretch after the other, when searching for the earliest slots: most
 * providers have a slot in the first day or week, and the slot computation (and the data
 * loaded) grows with the days looked at.
 */
const CHUNK_ENDS_DAYS = [1, 7];

/**
 * The earliest slot in [from, to) of each provider (across the given types), or null when it
 * has none. Looks at the first day, then the rest of the first week, then the rest of the
 * range: for each stretch one statement loads the schedules of the providers still without a
 * slot. With `enough`, stops after a stretch in which at least that many providers have a slot
 * (every later slot comes after them); providers not looked at further are then left out.
 */
export async function earliestSlots(
  db: Db,
  providers: BookableProvider[],
  range: { from: Date; to: Date; now: Date; enough?: number },
): Promise<Map<string, EarliestSlot | null>> {
  const result = new Map<string, EarliestSlot | null>();
  const chunks: [Date, Date][] = [];
  let chunkStart = range.from;
  for (const days of [...CHUNK_ENDS_DAYS, Infinity]) {
    const end = new Date(Math.min(range.to.getTime(), range.from.getTime() + days * DAY));
    if (end > chunkStart) chunks.push([chunkStart, end]);
    chunkStart = end;
  }
  let pending = providers.filter((p) => p.types.length > 0);
  for (const p of providers) if (p.types.length === 0) result.set(p.id, null);
  let stoppedEarly = false;
  for (const [i, [from, to]] of chunks.entries()) {
    if (pending.length === 0) break;
    if (i > 0 && range.enough !== undefined) {
      const found = [...result.values()].filter((v) => v !== null).length;
      if (found >= range.enough) {
        stoppedEarly = true;
        break;
      }
    }
    const schedules = await loadSchedules(
      db,
      pending.map((p) => p.id),
      from,
      to,
    );
    const rest: BookableProvider[] = [];
    for (const provider of pending) {
      const schedule = schedules.get(provider.id);
      let best: EarliestSlot | null = null;
      if (schedule) {
        for (const type of provider.types) {
          const slot = firstSlotOf(schedule, type, from, to, range.now);
          if (slot && (!best || Date.parse(slot.start) < Date.parse(best.slot.start))) {
            best = { type, slot };
          }
        }
      }
      if (best) result.set(provider.id, best);
      else if (schedule) rest.push(provider);
      else result.set(provider.id, null);
    }
    pending = rest;
  }
  if (!stoppedEarly) for (const p of pending) result.set(p.id, null);
  return result;
}
