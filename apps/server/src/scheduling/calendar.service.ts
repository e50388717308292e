import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { AccessAction, CalendarFeed, Locale, Role } from '@carecircle/core';
import { actingAsForAll, assertCan, recordAuditAs, type ActingAs } from '../access/access.ts';
import { recordAudit } from '../access/audit.service.ts';
import { decryptSecret, encryptSecret, resolveMfaKey } from '../identity/mfa-crypto.ts';
import type { Config } from '../platform/config.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { calendarRepo, type CalendarAppointment } from './calendar.repo.ts';
import { buildAppointmentsCalendar, type IcsMethod } from './ics.ts';

/**
 * Calendar integration: the private subscription feed (a secret token in the address is the
 * only credential, so it can be rotated) and the .ics download of one appointment.
 */

export type CalendarConfig = Pick<Config, 'publicUrl' | 'mailFrom' | 'mfaEncryptionKey'>;

/** How far back a feed reaches. */
export const FEED_PAST_DAYS = 90;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const APPOINTMENT_READ: AccessAction = 'appointments:read';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The key that keeps feed tokens readable for their owner: derived (HKDF) from the key that
 * protects two-step sign-in secrets (MFA_ENCRYPTION_KEY in production), so it never lives in
 * the database next to the tokens, and a key for one purpose never serves another.
 */
const keys = new WeakMap<object, Promise<Buffer>>();
function feedKey(config: CalendarConfig, db: Db): Promise<Buffer> {
  let key = keys.get(config);
  if (!key) {
    key = resolveMfaKey(config, db).then((master) =>
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'carecircle calendar-feed v1', 32)),
    );
    key.catch(() => keys.delete(config));
    keys.set(config, key);
  }
  return key;
}

/** The From address of our e-mails, without the display name: the invitations' organizer. */
export function organizerAddress(mailFrom: string): string {
  return /<([^<>\s]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

function feedAddresses(config: CalendarConfig, token: string): CalendarFeed {
  const httpsUrl = `${config.publicUrl.replace(/\/+$/, '')}/calendar/${token}.ics`;
  return { httpsUrl, webcalUrl: httpsUrl.replace(/^https?:/, 'webcal:') };
}

async function newToken(config: CalendarConfig, db: Db, accountId: string) {
  const token = randomBytes(32).toString('base64url');
  const tokenEncrypted = encryptSecret(await feedKey(config, db), accountId, token);
  return {
    token,
    row: { account_id: accountId, token_hash: hashToken(token), token_encrypted: tokenEncrypted },
  };
}

/** My subscription address, created the first time I ask for it. */
export async function getCalendarFeed(
  db: Db,
  config: CalendarConfig,
  actor: Actor,
): Promise<CalendarFeed> {
  const existing = await calendarRepo.findFeed(db, { accountId: actor.id });
  if (existing) {
    const key = await feedKey(config, db);
    try {
      return feedAddresses(config, decryptSecret(key, actor.id, existing.token_encrypted));
    } catch {
      // The key changed since (MFA_ENCRYPTION_KEY replaced): the address cannot be shown
      // again, so the person gets a new one.
      return rotateCalendarFeed(db, config, actor);
    }
  }
  const fresh = await newToken(config, db, actor.id);
  const created = await inTransaction(db, async (trx) => {
    const inserted = await calendarRepo.insertFeedIfAbsent(trx, fresh.row);
    if (inserted) {
      await recordAudit(trx, {
        action: 'calendar.feed.create',
        outcome: 'success',
        actorId: actor.id,
        subjectType: 'calendar_feed',
        subjectId: actor.id,
      });
    }
    return inserted;
  });
  // Two first requests at once: the one that lost the race shows the address that won.
  return created ? feedAddresses(config, fresh.token) : getCalendarFeed(db, config, actor);
}

/** A new subscription address; the old one answers 404 from now on. */
export async function rotateCalendarFeed(
  db: Db,
  config: CalendarConfig,
  actor: Actor,
): Promise<CalendarFeed> {
  const fresh = await newToken(config, db, actor.id);
  await inTransaction(db, async (trx) => {
    await calendarRepo.replaceFeed(trx, fresh.row);
    await recordAudit(trx, {
      action: 'calendar.feed.rotate',
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'calendar_feed',
      subjectId: actor.id,
    });
  });
  return feedAddresses(config, fresh.token);
}

const localeOf = (locale: string): Locale => (locale === 'es' ? 'es' : 'en');

/**
 * The feed behind a token: the owner's appointments as patient and as provider, and those of
 * the patients who let them see appointments (the grant is checked now, at every read), from
 * 90 days ago on. Unknown or rotated tokens, and suspended owners, are 404. Every read is
 * audited, and every patient whose appointments a caregiver sees this way has it in their
 * access history.
 */
export async function renderCalendarFeed(
  db: Db,
  config: CalendarConfig,
  token: string,
  now = new Date(),
): Promise<string> {
  if (!TOKEN.test(token)) throw notFound();
  const feed = await calendarRepo.findFeedByTokenHash(db, hashToken(token));
  const owner = feed ? await calendarRepo.activeAccount(db, feed.account_id) : undefined;
  if (!feed || !owner) throw notFound();

  // The actor the access policy judges: the owner, as proven by their feed token.
  const actor: Actor = {
    id: owner.id,
    roles: owner.roles as Role[],
    clientId: 'calendar-feed',
    scopes: [],
  };
  const cared = (await actingAsForAll(db, actor, APPOINTMENT_READ)).flatMap((a) =>
    a.viaGrantId ? [{ patientId: a.patientId, grantId: a.viaGrantId }] : [],
  );

  const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000);
  const appointments = await calendarRepo.listForFeed(
    db,
    { accountId: owner.id, patientIds: cared.map((c) => c.patientId) },
    since,
  );

  await recordAudit(db, {
    action: 'calendar.feed.read',
    outcome: 'success',
    actorId: owner.id,
    subjectType: 'calendar_feed',
    subjectId: owner.id,
    details: { events: appointments.length, patientsCaredFor: cared.length },
  });
  for (const c of cared) {
    const count = appointments.filter((a) => a.patient.id === c.patientId).length;
    await recordAuditAs(
      db,
      { actorId: owner.id, patientId: c.patientId, viaGrantId: c.grantId },
      {
        action: 'appointments.read',
        outcome: 'success',
        subjectType: 'calendar_feed',
        subjectId: owner.id,
        details: { events: count },
      },
    );
  }

  return buildAppointmentsCalendar(appointments, {
    method: 'PUBLISH',
    publicUrl: config.publicUrl,
    viewer: { id: owner.id, locale: localeOf(owner.locale) },
    organizerEmail: organizerAddress(config.mailFrom),
    name: 'CareCircle',
  });
}

/**
 * One appointment as an .ics file, for whoever may read it: its patient, a caregiver or
 * provider the access policy lets read the patient's appointments, or its own provider.
 * Anyone else gets 404, as if it did not exist.
 */
export async function appointmentIcs(
  db: Db,
  config: CalendarConfig,
  actor: Actor,
  appointmentId: string,
): Promise<string> {
  const appointment = await calendarRepo.findAppointment(db, appointmentId);
  if (!appointment || appointment.status === 'held') throw notFound();
  const as: ActingAs =
    appointment.provider.id === actor.id
      ? { actorId: actor.id, patientId: appointment.patient.id, viaGrantId: null }
      : await assertCan(db, actor, APPOINTMENT_READ, { patientId: appointment.patient.id });
  await recordAuditAs(db, as, {
    action: 'appointments.read',
    outcome: 'success',
    subjectType: 'appointment',
    subjectId: appointment.id,
    details: { format: 'ics' },
  });
  const viewer = await calendarRepo.activeAccount(db, actor.id);
  return calendarFor([appointment], 'PUBLISH', config, {
    id: actor.id,
    locale: localeOf(viewer?.locale ?? 'en'),
  });
}

/** An invitation or download for one viewer (see ics.ts). */
export function calendarFor(
  appointments: readonly CalendarAppointment[],
  method: IcsMethod,
  config: CalendarConfig,
  viewer: { id: string; locale: Locale },
): string {
  return buildAppointmentsCalendar(appointments, {
    method,
    publicUrl: config.publicUrl,
    viewer,
    organizerEmail: organizerAddress(config.mailFrom),
  });
}
