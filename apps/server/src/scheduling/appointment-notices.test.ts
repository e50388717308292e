import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, GrantScope } from '@carecircle/core';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer, type ReceivedMail } from '../../test/smtp.ts';
import { grantProxyAccess, revokeGrant } from '../access/grants.service.ts';
import { createLogger } from '../platform/logger.ts';
import { notifyAppointmentChange, type NoticeDeps } from './appointment-notices.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;
let deps: NoticeDeps;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    config: { SMTP_URL: smtp.url, MAIL_FROM: 'CareCircle <hello@carecircle.test>' },
  });
  deps = { config: app.config, database: app.database, logger: createLogger(app.config) };
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const REASON = 'Worried about a lump in my left knee';
const CANCEL_REASON = 'Chemotherapy session moved';

// ------------------------------------------------------------------------------------------
// A small MIME reader: enough to find each part of what nodemailer sends, decoded.

interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The leaf parts of a MIME message, depth first. */
function mimeParts(raw: string): MimePart[] {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((s) => !s.startsWith('--'))
      .flatMap((s) => mimeParts(s.replace(/^\r?\n/, '')));
  }
  return [
    {
      headers,
      contentType,
      body: decodeBody(body, headers['content-transfer-encoding']).replace(/\r?\n$/, ''),
    },
  ];
}

function partOf(mail: ReceivedMail, test: (p: MimePart) => boolean): MimePart {
  const found = mimeParts(mail.raw).find(test);
  if (!found)
    throw new Error(
      `no such part in: ${mimeParts(mail.raw)
        .map((p) => p.contentType)
        .join(', ')}`,
    );
  return found;
}

/** Everything a person would read in an e-mail, decoded. */
const readable = (mail: ReceivedMail) =>
  [mail.subject, ...mimeParts(mail.raw).map((p) => p.body)].join('\n');

// ------------------------------------------------------------------------------------------
// World

async function insertType(providerId: string, modality = 'in_person', name = 'Knee follow-up') {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO appointment_types (provider_id, name, duration_minutes, modality)
    VALUES (${providerId}, ${name}, 30, ${modality}) RETURNING id`.execute(app.database.db);
  return rows[0]!.id;
}

async function insertAppointment(a: {
  providerId: string;
  patientId: string;
  typeId: string;
  start: Date;
  minutes?: number;
}): Promise<string> {
  const end = new Date(a.start.getTime() + (a.minutes ?? 30) * 60_000);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO appointments (provider_id, patient_id, appointment_type_id, booked_by, during,
                              blocked, status, reason)
    VALUES (${a.providerId}, ${a.patientId}, ${a.typeId}, ${a.patientId},
            tstzrange(${a.start}, ${end}, '[)'), tstzrange(${a.start}, ${end}, '[)'),
            'booked', ${REASON})
    RETURNING id`.execute(app.database.db);
  return rows[0]!.id;
}

async function grant(patient: Account, caregiver: Account, scopes: GrantScope[]) {
  await grantProxyAccess(app.database.db, {
    patientId: patient.id,
    caregiverId: caregiver.id,
    scopes,
  });
  const row = await app.database.db
    .selectFrom('proxy_grants')
    .select('id')
    .where('caregiver_id', '=', caregiver.id)
    .where('patient_id', '=', patient.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function world() {
  const db = app.database.db;
  const patient = await buildPatient(db, {
    name: 'María Álvarez',
    locale: 'es',
    timeZone: 'America/New_York',
  });
  const reader = await buildPatient(db, { name: 'Sofia Alvarez', roles: ['caregiver'] });
  const manager = await buildPatient(db, { name: 'Luis Alvarez', roles: ['caregiver'] });
  const messenger = await buildPatient(db, { name: 'Messages Only', roles: ['caregiver'] });
  const revoked = await buildPatient(db, { name: 'Revoked Caregiver', roles: ['caregiver'] });
  const other = await buildPatient(db, { name: 'Someone Else' });
  const otherCaregiver = await buildPatient(db, { name: 'Other Caregiver', roles: ['caregiver'] });
  const provider = await buildProvider(db, {
    account: { name: 'Dr. Amara Okafor' },
    profile: {
      specialty: 'Orthopaedics',
      location: {
        name: 'Riverside Clinic',
        address: '12 River Street, Springfield',
        timeZone: 'America/New_York',
      },
    },
  });
  await grant(patient, reader, ['appointments:read']);
  await grant(patient, manager, ['appointments:manage', 'records:read']);
  await grant(patient, messenger, ['messages:providers']);
  const revokedGrant = await grant(patient, revoked, ['appointments:read']);
  await revokeGrant(
    db,
    { id: patient.id, roles: patient.roles, clientId: 'carecircle-web', scopes: [] },
    revokedGrant,
  );
  await grant(other, otherCaregiver, ['appointments:manage']);
  const typeId = await insertType(provider.id);
  // Tue 1 Dec 2026, 9:30 in New York (EST, UTC-5).
  const start = new Date(`2026-12-0${1 + Math.floor(Math.random() * 7)}T14:30:00Z`);
  const appointmentId = await insertAppointment({
    providerId: provider.id,
    patientId: patient.id,
    typeId,
    start,
  });
  return {
    patient,
    reader,
    manager,
    messenger,
    revoked,
    other,
    otherCaregiver,
    provider,
    typeId,
    start,
    appointmentId,
  };
}

const mailsTo = (email: string, after = 0) =>
  smtp.messages.slice(after).filter((m) => m.to.includes(email));

function invitationOf(mail: ReceivedMail) {
  const alternative = partOf(mail, (p) => p.contentType.toLowerCase().startsWith('text/calendar'));
  const attachments = mimeParts(mail.raw).filter((p) =>
    /^attachment;.*filename="?(invite|cancel)\.ics"?/.test(p.headers['content-disposition'] ?? ''),
  );
  expect(attachments).toHaveLength(1);
  expect(attachments[0]!.body).toBe(alternative.body);
  const calendar = new ICAL.Component(ICAL.parse(alternative.body) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  const vevent = events[0]!;
  const event = new ICAL.Event(vevent);
  return {
    contentType: alternative.contentType,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    status: vevent.getFirstPropertyValue('status'),
    summary: event.summary,
    location: event.location,
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    // URI schemes are case-insensitive (ical-generator writes MAILTO:).
    attendees: vevent
      .getAllProperties('attendee')
      .map((p) => String(p.getFirstValue()).replace(/^mailto:/i, 'mailto:')),
    raw: alternative.body,
  };
}

describe('appointment notices', () => {
  it('invites the patient, the caregivers who may see appointments and the provider', async () => {
    const w = await world();
    const before = smtp.messages.length;
    await notifyAppointmentChange(deps, w.appointmentId, 'booked');

    const sent = smtp.messages.slice(before);
    expect(sent.flatMap((m) => m.to).sort()).toEqual(
      [w.patient.email, w.reader.email, w.manager.email, w.provider.email].sort(),
    );
    for (const nobody of [w.messenger, w.revoked, w.other, w.otherCaregiver]) {
      expect(mailsTo(nobody.email, before)).toEqual([]);
    }

    const uid = `${w.appointmentId}@127.0.0.1`;
    for (const mail of sent) {
      const invite = invitationOf(mail);
      expect(invite.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i);
      expect(invite.method).toBe('REQUEST');
      expect(invite.uid).toBe(uid);
      expect(invite.sequence).toBe(0);
      expect(invite.start.toISOString()).toBe(w.start.toISOString());
      expect(invite.end.toISOString()).toBe(
        new Date(w.start.getTime() + 30 * 60_000).toISOString(),
      );
      expect(invite.status).toBe('CONFIRMED');
      expect(invite.location).toBe('Riverside Clinic, 12 River Street, Springfield');
      expect(invite.organizer).toBe('mailto:hello@carecircle.test');
      expect(invite.attendees).toEqual([`mailto:${w.patient.email}`]);
      expect(invite.raw).toMatch(/DTSTART:\d{8}T\d{6}Z/);
      expect(readable(mail)).not.toContain(REASON);
    }

    // Each in their language and zone, in plain words.
    const toPatient = mailsTo(w.patient.email, before)[0]!;
    const day = w.start.getUTCDate();
    expect(toPatient.subject).toBe(
      `Cita reservada: ${['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'][w.start.getUTCDay()]} ${day} dic, 9:30 con Dr. Amara Okafor`,
    );
    expect(readable(toPatient)).toContain('Su cita está reservada.');
    expect(invitationOf(toPatient).summary).toBe('Knee follow-up con Dr. Amara Okafor');
    const toReader = mailsTo(w.reader.email, before)[0]!;
    expect(toReader.subject).toMatch(
      /^Appointment booked: \w{3} \d+ Dec, 9:30 with Dr\. Amara Okafor$/,
    );
    expect(readable(toReader)).toContain('An appointment for María Álvarez is booked.');
    expect(invitationOf(toReader).summary).toBe(
      'María Álvarez: Knee follow-up with Dr. Amara Okafor',
    );
    const toProvider = mailsTo(w.provider.email, before)[0]!;
    expect(toProvider.subject).toMatch(/^Appointment booked: .* with María Álvarez$/);
    expect(invitationOf(toProvider).summary).toBe('Knee follow-up: María Álvarez');
    // Both HTML and plain text.
    expect(mimeParts(toProvider.raw).map((p) => p.contentType.split(';')[0])).toEqual(
      expect.arrayContaining(['text/plain', 'text/html', 'text/calendar']),
    );
  });

  it('updates the same event on reschedule (higher SEQUENCE) and cancels it (METHOD:CANCEL)', async () => {
    const w = await world();
    const db = app.database.db;
    await notifyAppointmentChange(deps, w.appointmentId, 'booked');
    const booked = invitationOf(mailsTo(w.reader.email).at(-1)!);

    const moved = new Date(w.start.getTime() + 2 * 3_600_000);
    const movedEnd = new Date(moved.getTime() + 30 * 60_000);
    await sql`UPDATE appointments
                 SET during = tstzrange(${moved}, ${movedEnd}, '[)'),
                     blocked = tstzrange(${moved}, ${movedEnd}, '[)'),
                     sequence = sequence + 1, updated_at = now()
               WHERE id = ${w.appointmentId}`.execute(db);
    let before = smtp.messages.length;
    await notifyAppointmentChange(deps, w.appointmentId, 'rescheduled');
    expect(smtp.messages.length - before).toBe(4);
    const rescheduled = invitationOf(mailsTo(w.reader.email, before)[0]!);
    expect(rescheduled.method).toBe('REQUEST');
    expect(rescheduled.uid).toBe(booked.uid);
    expect(rescheduled.sequence).toBeGreaterThan(booked.sequence);
    expect(rescheduled.start.toISOString()).toBe(moved.toISOString());
    expect(rescheduled.end.toISOString()).toBe(movedEnd.toISOString());
    expect(mailsTo(w.reader.email, before)[0]!.subject).toMatch(
      /^Appointment moved to .*, 11:30 with/,
    );

    await sql`UPDATE appointments
                 SET status = 'cancelled', cancel_reason = ${CANCEL_REASON},
                     cancelled_by = patient_id, cancelled_at = now(),
                     sequence = sequence + 1, updated_at = now()
               WHERE id = ${w.appointmentId}`.execute(db);
    before = smtp.messages.length;
    await notifyAppointmentChange(deps, w.appointmentId, 'cancelled');
    const sent = smtp.messages.slice(before);
    expect(sent.flatMap((m) => m.to).sort()).toEqual(
      [w.patient.email, w.reader.email, w.manager.email, w.provider.email].sort(),
    );
    for (const mail of sent) {
      const cancel = invitationOf(mail);
      expect(cancel.contentType).toMatch(/method=CANCEL/i);
      expect(cancel.method).toBe('CANCEL');
      expect(cancel.status).toBe('CANCELLED');
      expect(cancel.uid).toBe(booked.uid);
      expect(cancel.sequence).toBeGreaterThan(rescheduled.sequence);
      expect(cancel.start.toISOString()).toBe(moved.toISOString());
      expect(readable(mail)).not.toContain(REASON);
      expect(readable(mail)).not.toContain(CANCEL_REASON);
    }
    expect(mailsTo(w.patient.email, before)[0]!.subject).toMatch(/^Cita cancelada: /);
  });

  it('names the kind of call for video and phone visits', async () => {
    const w = await world();
    const videoType = await insertType(w.provider.id, 'video', 'Video check-in');
    const start = new Date(w.start.getTime() + 3 * 86_400_000);
    const id = await insertAppointment({
      providerId: w.provider.id,
      patientId: w.patient.id,
      typeId: videoType,
      start,
    });
    const before = smtp.messages.length;
    await notifyAppointmentChange(deps, id, 'booked');
    expect(invitationOf(mailsTo(w.reader.email, before)[0]!).location).toBe('Video call');
    expect(invitationOf(mailsTo(w.patient.email, before)[0]!).location).toBe('Videollamada');
    expect(readable(mailsTo(w.patient.email, before)[0]!)).toContain('Dónde: Videollamada');
  });

  it('does nothing for an unknown appointment', async () => {
    const before = smtp.messages.length;
    await notifyAppointmentChange(deps, '00000000-0000-4000-8000-000000000000', 'booked');
    expect(smtp.messages.length).toBe(before);
  });

  it('throws after trying everyone when the mail server refuses', async () => {
    const w = await world();
    const broken = {
      ...deps,
      config: { ...deps.config, smtpUrl: 'smtp://127.0.0.1:1/?ignoreTLS=true' },
    };
    await expect(notifyAppointmentChange(broken, w.appointmentId, 'booked')).rejects.toThrow(
      /4 appointment e-mail\(s\) could not be sent/,
    );
  });
});
