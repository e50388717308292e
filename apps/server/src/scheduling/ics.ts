import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import type { Locale } from '@carecircle/core';

/**
 * iCalendar documents for appointments (RFC 5545, iTIP methods of RFC 5546), built with
 * ical-generator. Times are written in UTC ('Z'), which every calendar app converts to its
 * own zone: no VTIMEZONE to get wrong around daylight-saving changes.
 *
 * What goes in: who, when, where, which kind of visit. What never goes in: the reason for the
 * visit or the cancellation reason (health data).
 */

export type IcsMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export type IcsAppointmentStatus =
  'held' | 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

/** What an invitation or a feed needs to know about one appointment. */
export interface IcsAppointment {
  id: string;
  start: Date;
  end: Date;
  status: IcsAppointmentStatus;
  /** appointments.sequence: increases with every change the invitation must reflect. */
  sequence: number;
  modality: 'in_person' | 'video' | 'phone';
  appointmentTypeName: string;
  createdAt: Date;
  updatedAt: Date;
  patient: { id: string; name: string; email: string };
  provider: {
    id: string;
    name: string;
    specialty: string;
    locationName: string;
    locationAddress: string;
  };
}

/** Whose calendar the document is for: the wording depends on it ("with Dr. X", "Maria: …"). */
export interface IcsViewer {
  id: string;
  locale: Locale;
}

export interface IcsOptions {
  method: IcsMethod;
  /** PUBLIC_URL: the host names the UIDs; links in the description point to the app. */
  publicUrl: string;
  viewer: IcsViewer;
  /** Who sends invitations (MAIL_FROM): the ORGANIZER's address, in the provider's name. */
  organizerEmail: string;
  /** X-WR-CALNAME, for feeds. */
  name?: string;
}

const words = {
  en: {
    with: (type: string, provider: string) => `${type} with ${provider}`,
    forPatient: (patient: string, what: string) => `${patient}: ${what}`,
    video: 'Video call',
    phone: 'Phone call',
    cancelled: (what: string) => `Cancelled: ${what}`,
    details: 'Details and changes in CareCircle:',
    feedDescription: 'Your appointments in CareCircle',
  },
  es: {
    with: (type: string, provider: string) => `${type} con ${provider}`,
    forPatient: (patient: string, what: string) => `${patient}: ${what}`,
    video: 'Videollamada',
    phone: 'Llamada telefónica',
    cancelled: (what: string) => `Cancelada: ${what}`,
    details: 'Detalles y cambios en CareCircle:',
    feedDescription: 'Sus citas en CareCircle',
  },
} as const;

/** The one UID an appointment keeps for life, so calendar apps update the same event. */
export function appointmentUid(appointmentId: string, publicUrl: string): string {
  return `${appointmentId.toLowerCase()}@${new URL(publicUrl).hostname}`;
}

/** Where it takes place: the clinic for in-person visits, otherwise the kind of call. */
export function appointmentLocation(a: IcsAppointment, locale: Locale): string {
  if (a.modality === 'video') return words[locale].video;
  if (a.modality === 'phone') return words[locale].phone;
  return [a.provider.locationName, a.provider.locationAddress].filter(Boolean).join(', ');
}

/**
 * The event title as the viewer would say it: the patient sees "Check-up with Dr. Okafor", the
 * provider "Check-up: Maria Alvarez", a caregiver "Maria Alvarez: Check-up with Dr. Okafor".
 */
export function appointmentSummary(a: IcsAppointment, viewer: IcsViewer): string {
  const t = words[viewer.locale];
  let title: string;
  if (viewer.id === a.patient.id) title = t.with(a.appointmentTypeName, a.provider.name);
  else if (viewer.id === a.provider.id) title = `${a.appointmentTypeName}: ${a.patient.name}`;
  else title = t.forPatient(a.patient.name, t.with(a.appointmentTypeName, a.provider.name));
  return a.status === 'cancelled' ? t.cancelled(title) : title;
}

const methods: Record<IcsMethod, ICalCalendarMethod> = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

function eventStatus(a: IcsAppointment, method: IcsMethod): ICalEventStatus {
  if (method === 'CANCEL' || a.status === 'cancelled') return ICalEventStatus.CANCELLED;
  if (a.status === 'held') return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

/**
 * A VCALENDAR with one VEVENT per appointment. REQUEST and CANCEL are invitations (iTIP): they
 * carry the ATTENDEE and are meant for one appointment; PUBLISH is a download or a feed.
 */
export function buildAppointmentsCalendar(
  appointments: readonly IcsAppointment[],
  options: IcsOptions,
): string {
  const { locale } = options.viewer;
  const t = words[locale];
  const appUrl = `${options.publicUrl.replace(/\/+$/, '')}/appointments`;
  const calendar = ical({
    prodId: { company: 'CareCircle', product: 'CareCircle', language: locale.toUpperCase() },
    method: methods[options.method],
    ...(options.name ? { name: options.name, description: t.feedDescription } : {}),
  });
  const invitation = options.method !== 'PUBLISH';
  for (const a of appointments) {
    const event = calendar.createEvent({
      id: appointmentUid(a.id, options.publicUrl),
      sequence: a.sequence,
      start: a.start,
      end: a.end,
      stamp: new Date(),
      created: a.createdAt,
      lastModified: a.updatedAt,
      summary: appointmentSummary(a, options.viewer),
      location: appointmentLocation(a, locale),
      description: `${t.details}\n${appUrl}`,
      url: appUrl,
      status: eventStatus(a, options.method),
      organizer: { name: a.provider.name, email: options.organizerEmail },
    });
    if (invitation) {
      event.createAttendee({
        email: a.patient.email,
        name: a.patient.name,
        role: ICalAttendeeRole.REQ,
        status: options.method === 'CANCEL' ? null : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      });
    }
  }
  return calendar.toString();
}
