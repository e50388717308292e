import type { Account, Appointment, GrantScope, WeeklyHours } from '@carecircle/core';
import { buildPatient, buildProvider } from '../../test/factories.ts';
import type { TestApp } from '../../test/helpers.ts';
import { accessTokenFor } from '../../test/tokens.ts';
import { grantProxyAccess } from '../access/grants.service.ts';

/**
 * The world of the notification tests of scheduling (changes, reminders, waitlist offers): a
 * practice open every day, patients and caregivers in their own zones and languages, booking
 * through the HTTP API, and waiting for what background jobs do.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const EVERY_DAY: WeeklyHours[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map(
  (weekday) => ({ weekday, start: '00:00', end: '23:30' }),
);

export interface Person {
  account: Account;
  token: string;
}

export async function person(
  app: TestApp,
  input: { name: string; locale?: 'en' | 'es'; timeZone?: string; roles?: Account['roles'] },
): Promise<Person> {
  const account = await buildPatient(app.database.db, {
    name: input.name,
    locale: input.locale ?? 'en',
    timeZone: input.timeZone ?? 'UTC',
    roles: input.roles ?? ['patient'],
  });
  return { account, token: await accessTokenFor(app, account.id) };
}

export async function caregiverOf(
  app: TestApp,
  patient: Person,
  scopes: GrantScope[],
  input: { name: string; locale?: 'en' | 'es'; timeZone?: string },
): Promise<Person> {
  const caregiver = await person(app, { ...input, roles: ['caregiver'] });
  await grantProxyAccess(app.database.db, {
    patientId: patient.account.id,
    caregiverId: caregiver.account.id,
    scopes,
  });
  return caregiver;
}

/** A provider (clinic in UTC) open all day every day, with one 30-minute type named `typeName`. */
export async function practice(app: TestApp, typeName = 'Follow-up') {
  const db = app.database.db;
  const account = await buildProvider(db, {
    account: { name: 'Dr. Ada Reminder' },
    profile: { location: { name: 'Clinic', address: '1 Main St', timeZone: 'UTC' } },
    hours: EVERY_DAY,
  });
  const row = await db
    .insertInto('appointment_types')
    .values({
      provider_id: account.id,
      name: typeName,
      duration_minutes: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      minimum_notice_minutes: 0,
      modality: 'in_person',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    provider: { account, token: await accessTokenFor(app, account.id) },
    typeId: row.id,
  };
}

/** The next half hour at least `ahead` ms after `now`. */
export function slotAfter(now: Date, ahead: number): Date {
  const t = now.getTime() + ahead;
  return new Date(Math.ceil(t / (30 * MINUTE)) * 30 * MINUTE);
}

export async function api<T = unknown>(
  app: TestApp,
  who: Person,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function book(
  app: TestApp,
  who: Person,
  input: { providerId: string; typeId: string; start: Date; patientId?: string },
): Promise<Appointment> {
  const res = await api<Appointment>(app, who, 'POST', '/appointments', {
    providerId: input.providerId,
    appointmentTypeId: input.typeId,
    start: input.start.toISOString(),
    ...(input.patientId ? { patientId: input.patientId } : {}),
  });
  if (res.status !== 201)
    throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms = 10_000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function notificationsOf(app: TestApp, recipientId: string, kind?: string) {
  let q = app.database.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params', 'url', 'urgent', 'dedupe_key', 'patient_id', 'sealed'])
    .where('recipient_id', '=', recipientId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('created_at').execute();
  return rows.map((r) => ({
    ...r,
    params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<
      string,
      unknown
    >,
  }));
}

export async function realtimeEventsOf(app: TestApp, accountId: string) {
  return app.database.db
    .selectFrom('realtime_events')
    .select(['type', 'data'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

/** The decoded body of each leaf part of a MIME message, with its content type. */
export function mimeParts(raw: string): { contentType: string; body: string }[] {
  const split = raw.search(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((s) => !s.startsWith('--'))
      .flatMap((s) => mimeParts(s.replace(/^\r?\n/, '')));
  }
  const enc = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    enc === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : enc === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return [{ contentType, body: decoded }];
}

/** The text/calendar part of an e-mail (the invitation), decoded. */
export function invitationIn(raw: string): string {
  const part = mimeParts(raw).find((p) => p.contentType.toLowerCase().startsWith('text/calendar'));
  if (!part) throw new Error('no text/calendar part in the e-mail');
  return part.body;
}

/** Everything a person reads in an e-mail: its plain-text part. */
export function plainTextOf(raw: string): string {
  return mimeParts(raw)
    .filter((p) => p.contentType.toLowerCase().startsWith('text/plain'))
    .map((p) => p.body)
    .join('\n');
}
