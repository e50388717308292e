import type { Locale, NotificationAction, NotificationKind } from '@carecircle/core';
import { formatWhen } from '../scheduling/appointment-notices.ts';
import type { NotificationParamValue } from './notify.ts';

/**
 * The words of every kind of notification, rendered when read, in the reader's language and
 * time zone. One function per kind. Titles never contain `secret` values (they become e-mail
 * subjects and push titles); bodies use them only when the secret is passed in (the in-app
 * centre), and say "open CareCircle" style words without it (e-mail, push).
 *
 * What each kind is given (by the feature that creates it, through notify.ts):
 *
 * | kind                     | params (no health data)                                         | secret (sealed)       |
 * |--------------------------|-----------------------------------------------------------------|-----------------------|
 * | appointment.booked /     | appointmentId, start (ISO), providerName, patientName           |                       |
 * |  rescheduled / cancelled |                                                                 |                       |
 * |  / checked-in            |                                                                 |                       |
 * |                          | (+ providerId: the provider reading it sees the patient's name) |                       |
 * | appointment.reminder     | the same + offsetMinutes                                        |                       |
 * | waitlist.offer           | appointmentId, start (ISO), providerName, expiresAt (ISO)       |                       |
 * | medication.due           | doseId, scheduledAt (ISO)                                       | medication (its name) |
 * | medication.missed        | doseId, scheduledAt (ISO), patientName                          | medication            |
 * | result.new               | resourceType, resourceId                                        | title                 |
 * | health-event.upcoming    | start (ISO), appointmentId (optional)                           | title (optional)      |
 *
 * Missing or malformed params never throw: the words become generic but stay true.
 */

type Values = Record<string, NotificationParamValue>;

export interface RenderInput {
  kind: NotificationKind;
  params: Values;
  /** Opened sealed values; `{}` where health data must not go (e-mail, push). */
  secret: Values;
  locale: Locale;
  timeZone: string;
  /** Whether the notification is about someone else (a person the reader cares for). */
  aboutSomeoneElse: boolean;
  /** That person's name, when known (params.patientName, else their account's). */
  patientName: string | null;
  /**
   * For e-mail and push (subjects, lock screens): medication titles name nobody, so that
   * someone's taking a medicine never shows outside the app.
   */
  discreet?: boolean;
  /** The reader's account: when it is `params.providerId`, "with" names the patient. */
  readerId?: string;
}

export interface RenderedNotification {
  title: string;
  body: string;
  actions: NotificationAction[];
}

const str = (v: NotificationParamValue | undefined): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

const num = (v: NotificationParamValue | undefined): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

function when(v: NotificationParamValue | undefined, locale: Locale, timeZone: string) {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return null;
  try {
    return formatWhen(d, locale, timeZone);
  } catch {
    return formatWhen(d, locale, 'UTC');
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "24 hours" / "2 days" / "30 minutes" (and Spanish). */
function duration(minutes: number, locale: Locale): string {
  const es = locale === 'es';
  if (minutes % 1440 === 0 && minutes >= 2880) return `${minutes / 1440} ${es ? 'días' : 'days'}`;
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    return h === 1 ? (es ? '1 hora' : '1 hour') : `${h} ${es ? 'horas' : 'hours'}`;
  }
  return `${minutes} ${es ? 'minutos' : 'minutes'}`;
}

const words = {
  en: {
    open: 'Open',
    taken: 'Taken',
    skipped: 'Skip',
    snoozed: 'Snooze',
    someone: 'Someone you care for',
    aProvider: 'your provider',
    aPatient: 'your patient',
    openToSee: 'Open CareCircle to see it.',
    appt: {
      booked: (p: string | null) => (p ? `Appointment booked for ${p}` : 'Appointment booked'),
      rescheduled: (p: string | null) =>
        p ? `${p}’s appointment has a new time` : 'Your appointment has a new time',
      cancelled: (p: string | null) =>
        p ? `${p}’s appointment is cancelled` : 'Your appointment is cancelled',
      checkedIn: (p: string | null) => (p ? `${p} checked in` : 'You are checked in'),
      reminder: (p: string | null) =>
        p ? `Reminder: ${p} has an appointment` : 'Reminder: you have an appointment',
      body: (w: string | null, who: string) => (w ? `${w} with ${who}.` : `With ${who}.`),
      inTime: (d: string, w: string | null, who: string) =>
        w ? `In ${d}: ${w} with ${who}.` : `In ${d}, with ${who}.`,
    },
    offer: {
      title: 'An earlier appointment is free',
      body: (w: string | null, who: string) =>
        w ? `${w} with ${who} can be yours.` : `A time with ${who} can be yours.`,
      expires: (e: string) => ` Answer before ${e}.`,
    },
    due: {
      title: (p: string | null) => (p ? `Medicine time for ${p}` : 'Time for your medicine'),
      discreet: 'You have a medication reminder',
      named: (m: string, w: string | null) => (w ? `${m}, planned for ${w}.` : `${m}.`),
      generic: (w: string | null) =>
        w ? `A dose planned for ${w}. Open CareCircle to see it.` : 'Open CareCircle to see it.',
    },
    missed: {
      title: (p: string | null) =>
        p ? `${p} has not confirmed a dose` : 'A dose was not confirmed',
      body: (p: string, m: string | null, w: string | null) =>
        `${p} has not said whether they took ${m ?? 'a dose'}${w ? ` planned for ${w}` : ''}.`,
    },
    result: {
      title: (p: string | null) => (p ? `New result for ${p}` : 'New result in your record'),
      named: (t: string) => `${t} is in the record.`,
    },
    event: {
      title: (p: string | null) => (p ? `Coming up for ${p}` : 'Coming up'),
      body: (t: string | null, w: string | null) =>
        t
          ? w
            ? `${t}: ${w}.`
            : `${t}.`
          : w
            ? `Something is planned for ${w}.`
            : 'Something is planned soon.',
    },
  },
  es: {
    open: 'Abrir',
    taken: 'Tomada',
    skipped: 'Omitir',
    snoozed: 'Posponer',
    someone: 'Una persona a su cuidado',
    aProvider: 'su profesional',
    aPatient: 'su paciente',
    openToSee: 'Abra CareCircle para verlo.',
    appt: {
      booked: (p: string | null) => (p ? `Cita reservada para ${p}` : 'Cita reservada'),
      rescheduled: (p: string | null) =>
        p ? `La cita de ${p} tiene nueva hora` : 'Su cita tiene nueva hora',
      cancelled: (p: string | null) =>
        p ? `La cita de ${p} está cancelada` : 'Su cita está cancelada',
      checkedIn: (p: string | null) => (p ? `${p} ha registrado su llegada` : 'Llegada registrada'),
      reminder: (p: string | null) =>
        p ? `Recordatorio: ${p} tiene una cita` : 'Recordatorio: tiene una cita',
      body: (w: string | null, who: string) => (w ? `${w} con ${who}.` : `Con ${who}.`),
      inTime: (d: string, w: string | null, who: string) =>
        w ? `En ${d}: ${w} con ${who}.` : `En ${d}, con ${who}.`,
    },
    offer: {
      title: 'Hay una cita libre antes',
      body: (w: string | null, who: string) =>
        w ? `${w} con ${who} puede ser suya.` : `Una hora con ${who} puede ser suya.`,
      expires: (e: string) => ` Responda antes del ${e}.`,
    },
    due: {
      title: (p: string | null) => (p ? `Hora del medicamento de ${p}` : 'Hora de su medicamento'),
      discreet: 'Tiene un recordatorio de medicación',
      named: (m: string, w: string | null) => (w ? `${m}, previsto para el ${w}.` : `${m}.`),
      generic: (w: string | null) =>
        w
          ? `Una dosis prevista para el ${w}. Abra CareCircle para verla.`
          : 'Abra CareCircle para verlo.',
    },
    missed: {
      title: (p: string | null) =>
        p ? `${p} no ha confirmado una dosis` : 'Una dosis sin confirmar',
      body: (p: string, m: string | null, w: string | null) =>
        `${p} no ha indicado si tomó ${m ?? 'una dosis'}${w ? ` prevista para el ${w}` : ''}.`,
    },
    result: {
      title: (p: string | null) =>
        p ? `Nuevo resultado de ${p}` : 'Nuevo resultado en su historial',
      named: (t: string) => `${t} ya está en el historial.`,
    },
    event: {
      title: (p: string | null) => (p ? `Próximamente para ${p}` : 'Próximamente'),
      body: (t: string | null, w: string | null) =>
        t
          ? w
            ? `${t}: ${w}.`
            : `${t}.`
          : w
            ? `Hay algo previsto para el ${w}.`
            : 'Hay algo previsto pronto.',
    },
  },
} as const;

type Words = (typeof words)['en' | 'es'];

function openAction(t: Words): NotificationAction {
  return { id: 'open', label: t.open };
}

/** Title, body and actions of one notification for one reader. Never throws. */
export function renderNotification(input: RenderInput): RenderedNotification {
  const locale: Locale = input.locale === 'es' ? 'es' : 'en';
  const t = words[locale];
  const { params, secret } = input;
  const other = input.aboutSomeoneElse
    ? (str(params.patientName) ?? input.patientName ?? t.someone)
    : null;
  const w = (v: NotificationParamValue | undefined) => when(v, locale, input.timeZone);
  const readerIsProvider = input.readerId !== undefined && params.providerId === input.readerId;
  const provider = readerIsProvider
    ? (str(params.patientName) ?? t.aPatient)
    : (str(params.providerName) ?? t.aProvider);
  const open = [openAction(t)];

  switch (input.kind) {
    case 'appointment.booked':
      return {
        title: t.appt.booked(other),
        body: t.appt.body(w(params.start), provider),
        actions: open,
      };
    case 'appointment.rescheduled':
      return {
        title: t.appt.rescheduled(other),
        body: t.appt.body(w(params.start), provider),
        actions: open,
      };
    case 'appointment.cancelled':
      return {
        title: t.appt.cancelled(other),
        body: t.appt.body(w(params.start), provider),
        actions: open,
      };
    case 'appointment.checked-in':
      return {
        title: t.appt.checkedIn(other),
        body: t.appt.body(w(params.start), provider),
        actions: open,
      };
    case 'appointment.reminder': {
      const offset = num(params.offsetMinutes);
      const start = w(params.start);
      return {
        title: t.appt.reminder(other),
        body:
          offset && offset > 0
            ? t.appt.inTime(duration(offset, locale), start, provider)
            : t.appt.body(start, provider),
        actions: open,
      };
    }
    case 'waitlist.offer': {
      const expires = w(params.expiresAt);
      return {
        title: t.offer.title,
        body: t.offer.body(w(params.start), provider) + (expires ? t.offer.expires(expires) : ''),
        actions: open,
      };
    }
    case 'medication.due': {
      const medication = str(secret.medication);
      const at = w(params.scheduledAt);
      const doseId = str(params.doseId);
      return {
        title: input.discreet && other ? t.due.discreet : t.due.title(other),
        body: medication ? t.due.named(medication, at) : t.due.generic(at),
        actions:
          doseId && uuid.test(doseId)
            ? [
                { id: 'dose:taken', label: t.taken, doseId },
                { id: 'dose:skipped', label: t.skipped, doseId },
                { id: 'dose:snoozed', label: t.snoozed, doseId },
                ...open,
              ]
            : open,
      };
    }
    case 'medication.missed': {
      const who = other ?? str(params.patientName) ?? input.patientName ?? t.someone;
      return {
        title: t.missed.title(input.discreet ? null : other),
        body: t.missed.body(who, str(secret.medication), w(params.scheduledAt)),
        actions: open,
      };
    }
    case 'result.new': {
      const title = str(secret.title);
      return {
        title: t.result.title(other),
        body: title ? t.result.named(title) : t.openToSee,
        actions: open,
      };
    }
    case 'health-event.upcoming':
      return {
        title: t.event.title(other),
        body: t.event.body(str(secret.title), w(params.start)),
        actions: open,
      };
    default:
      return { title: 'CareCircle', body: t.openToSee, actions: open };
  }
}
