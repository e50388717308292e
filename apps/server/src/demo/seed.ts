import { randomUUID } from 'node:crypto';
import type {
  AccountCreateInput,
  ProviderProfileInput,
  WeeklyHours,
  Weekday,
} from '@carecircle/core';
import { inTransaction, type Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { createAccount, findAccountByEmail } from '../identity/accounts.service.ts';
import { saveProviderProfile, setWeeklyHours } from '../scheduling/providers.service.ts';
import { isMfaRequired } from '@carecircle/core';
import type { Config } from '../platform/config.ts';
import { resolveMfaKey } from '../identity/mfa-crypto.ts';
import { enableMfaWithSecret } from '../identity/mfa.service.ts';
import { grantProxyAccess } from '../access/grants.service.ts';
import { practiceRepo, type AppointmentTypeRow } from '../scheduling/practice.repo.ts';
import { sql } from 'kysely';
import { appointmentsRepo } from '../scheduling/appointments.repo.ts';
import { findSlots } from '../scheduling/slots.service.ts';
import { keyringFor, type Keyring } from '../records/record-keys.ts';
import { sealReason } from '../scheduling/appointment-reasons.ts';
import { seedDemoRecords } from './records-seed.ts';
import { seedDemoMedications } from './medications-seed.ts';

/** Every demo account signs in with this password (development and demo installs only). */
export const DEMO_PASSWORD = 'CareCircle-demo-2026';

/**
 * The demo providers and admin must use two-step sign-in like real ones. They share this
 * published TOTP secret (README, "Demo accounts"): add it to an authenticator app to sign in.
 * Demo data only; it never exists in an install without DEMO_DATA.
 */
export const DEMO_TOTP_SECRET = 'CARECIRCLEDEMOTOTPSECRETONLYDEMO';

interface DemoPerson {
  account: Omit<AccountCreateInput, 'password'>;
  provider?: {
    profile: ProviderProfileInput;
    hours: WeeklyHours[];
    appointmentTypes: DemoAppointmentType[];
  };
}

interface DemoAppointmentType {
  name: string;
  durationMinutes: number;
  modality: 'in_person' | 'video' | 'phone';
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  bookingHorizonDays?: number;
}

/** Dr. Okafor's type that Maria's demo appointment uses. */
export const DEMO_KNEE_FOLLOW_UP = 'Knee follow-up';

const weekdays = (
  start: string,
  end: string,
  days: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'],
): WeeklyHours[] => days.map((weekday) => ({ weekday, start, end }));

const riverside = {
  name: 'Riverside Health Clinic',
  address: '200 Riverside Drive, Springfield',
  timeZone: 'America/New_York',
};

/** The people of PRODUCT.md, with invented data, so a first visit tells one coherent story. */
export const demoPeople: DemoPerson[] = [
  {
    account: {
      email: 'maria@example.org',
      name: 'Maria Alvarez',
      roles: ['patient'],
      locale: 'es',
      timeZone: 'America/New_York',
    },
  },
  {
    account: {
      email: 'sofia@example.org',
      name: 'Sofia Alvarez',
      roles: ['caregiver'],
      timeZone: 'America/New_York',
    },
  },
  {
    account: {
      email: 'priya@example.org',
      name: 'Priya Nair',
      roles: ['patient'],
      timeZone: 'America/Chicago',
    },
  },
  {
    account: {
      email: 'tom@example.org',
      name: 'Tom Becker',
      roles: ['volunteer'],
      timeZone: 'America/New_York',
    },
  },
  {
    account: {
      email: 'sam@example.org',
      name: 'Sam Rivera',
      roles: ['admin'],
      timeZone: 'America/New_York',
    },
  },
  {
    account: {
      email: 'dr.chen@example.org',
      name: 'Dr. Wei Chen',
      roles: ['provider'],
      timeZone: 'America/New_York',
    },
    provider: {
      profile: {
        specialty: 'Endocrinology',
        languages: ['en', 'zh'],
        modalities: ['in_person', 'video'],
        location: riverside,
        bio: 'Helps people live well with diabetes and thyroid conditions.',
      },
      hours: weekdays('08:30', '16:30', ['mon', 'tue', 'thu', 'fri']),
      appointmentTypes: [
        {
          name: 'Diabetes review',
          durationMinutes: 30,
          modality: 'in_person',
          bufferAfterMinutes: 5,
        },
        { name: 'Thyroid results by video', durationMinutes: 20, modality: 'video' },
        {
          name: 'New patient visit',
          durationMinutes: 60,
          modality: 'in_person',
          bufferAfterMinutes: 10,
          minimumNoticeMinutes: 24 * 60,
        },
      ],
    },
  },
  {
    account: {
      email: 'dr.okafor@example.org',
      name: 'Dr. Amara Okafor',
      roles: ['provider'],
      timeZone: 'America/New_York',
    },
    provider: {
      profile: {
        specialty: 'Orthopaedic surgery',
        languages: ['en', 'es'],
        modalities: ['in_person', 'video'],
        location: { ...riverside, name: 'Riverside Orthopaedics' },
        bio: 'Knee and hip surgery, and the recovery after it.',
      },
      hours: [
        ...weekdays('09:00', '12:00', ['tue', 'wed', 'thu']),
        ...weekdays('13:00', '17:00', ['wed']),
      ],
      appointmentTypes: [
        {
          name: DEMO_KNEE_FOLLOW_UP,
          durationMinutes: 30,
          modality: 'in_person',
          bufferAfterMinutes: 10,
        },
        { name: 'Video check-in', durationMinutes: 20, modality: 'video' },
        {
          name: 'New patient consultation',
          durationMinutes: 45,
          modality: 'in_person',
          bufferBeforeMinutes: 5,
          bufferAfterMinutes: 10,
          minimumNoticeMinutes: 24 * 60,
        },
      ],
    },
  },
  {
    account: {
      email: 'jordan.lee@example.org',
      name: 'Jordan Lee',
      roles: ['provider'],
      timeZone: 'America/New_York',
    },
    provider: {
      profile: {
        specialty: 'Physiotherapy',
        languages: ['en'],
        modalities: ['in_person', 'video', 'phone'],
        location: {
          name: 'Riverside Rehab',
          address: '210 Riverside Drive, Springfield',
          timeZone: 'America/New_York',
        },
        bio: 'Gets you moving again after surgery or injury.',
      },
      hours: weekdays('07:30', '15:30'),
      appointmentTypes: [
        {
          name: 'Physiotherapy session',
          durationMinutes: 45,
          modality: 'in_person',
          bufferAfterMinutes: 15,
        },
        { name: 'Exercise review by video', durationMinutes: 30, modality: 'video' },
        { name: 'Phone check-in', durationMinutes: 15, modality: 'phone' },
      ],
    },
  },
];

/**
 * Writes the demo data through the same services as the API. Idempotent: a person who already
 * exists is left as they are, so restarting never duplicates or overwrites anything.
 */
export async function seedDemoData(
  db: Db,
  logger: Logger,
  config: Pick<Config, 'mfaEncryptionKey'> &
    Partial<Pick<Config, 'recordsMasterKey' | 'recordsPreviousMasterKeys' | 'dataDir' | 'env'>> = {
    mfaEncryptionKey: undefined,
  },
): Promise<{ created: number }> {
  let created = 0;
  const mfaKey = await resolveMfaKey(config, db);
  for (const person of demoPeople) {
    const existing = await findAccountByEmail(db, person.account.email);
    if (existing) {
      // Installs seeded before two-step sign-in: give their providers and admin the demo secret.
      if (isMfaRequired(existing.roles))
        await enableMfaWithSecret(db, mfaKey, existing.id, DEMO_TOTP_SECRET);
      continue;
    }
    await inTransaction(db, async (trx) => {
      const account = await createAccount(
        trx,
        { ...person.account, password: DEMO_PASSWORD },
        { verified: true },
      );
      if (person.provider) {
        await saveProviderProfile(trx, account.id, person.provider.profile);
        await setWeeklyHours(trx, account.id, person.provider.hours);
      }
      if (isMfaRequired(account.roles))
        await enableMfaWithSecret(trx, mfaKey, account.id, DEMO_TOTP_SECRET);
    });
    created += 1;
  }
  await seedDemoGrants(db, logger);
  await seedDemoAppointmentTypes(db, logger);
  // Records keys (the server passes their configuration): Maria's record and sealed reasons.
  const keyring =
    config.dataDir && config.env && config.recordsPreviousMasterKeys
      ? keyringFor({
          recordsMasterKey: config.recordsMasterKey,
          recordsPreviousMasterKeys: config.recordsPreviousMasterKeys,
          dataDir: config.dataDir,
          env: config.env,
        })
      : undefined;
  await seedDemoAppointments(db, logger, keyring);
  if (keyring) await seedDemoRecords(db, logger, keyring);
  if (keyring) await seedDemoMedications(db, logger, keyring);
  if (created > 0) logger.info({ created }, 'demo data added');
  return { created };
}

/**
 * Sofia acts for her mother Maria: appointments (see and manage), records and medicines.
 * Through the grants service, once: if Maria ever revoked it, it stays revoked.
 */
async function seedDemoGrants(db: Db, logger: Logger): Promise<void> {
  const maria = await findAccountByEmail(db, 'maria@example.org');
  const sofia = await findAccountByEmail(db, 'sofia@example.org');
  if (!maria || !sofia) return;
  const granted = await grantProxyAccess(db, {
    patientId: maria.id,
    caregiverId: sofia.id,
    scopes: ['appointments:read', 'appointments:manage', 'records:read', 'medications:read'],
  });
  if (granted) logger.info('demo proxy grant added (Sofia for Maria)');
}

/**
 * The demo providers' appointment types, each added when the provider has no type of that name
 * (also for installs seeded before scheduling). Idempotent: an existing type, retired or changed,
 * is left as it is.
 */
async function seedDemoAppointmentTypes(db: Db, logger: Logger): Promise<void> {
  let added = 0;
  for (const person of demoPeople) {
    if (!person.provider) continue;
    const account = await findAccountByEmail(db, person.account.email);
    if (!account) continue;
    await inTransaction(db, async (trx) => {
      const existing = new Set(
        (await practiceRepo.appointmentTypes(trx, account.id)).map((t) => t.name),
      );
      for (const t of person.provider!.appointmentTypes) {
        if (existing.has(t.name)) continue;
        await practiceRepo.insertAppointmentType(trx, account.id, {
          name: t.name,
          duration_minutes: t.durationMinutes,
          buffer_before_minutes: t.bufferBeforeMinutes ?? 0,
          buffer_after_minutes: t.bufferAfterMinutes ?? 0,
          modality: t.modality,
          minimum_notice_minutes: t.minimumNoticeMinutes ?? 60,
          booking_horizon_days: t.bookingHorizonDays ?? 90,
        });
        added += 1;
      }
    });
  }
  if (added > 0) logger.info({ added }, 'demo appointment types added');
}

/** A demo provider's appointment type by name (e.g. DEMO_KNEE_FOLLOW_UP of Dr. Okafor). */
export async function findDemoAppointmentType(
  db: Db,
  providerEmail: string,
  name: string,
): Promise<AppointmentTypeRow | undefined> {
  const provider = await findAccountByEmail(db, providerEmail);
  if (!provider) return undefined;
  return (await practiceRepo.appointmentTypes(db, provider.id)).find((t) => t.name === name);
}

/**
 * Maria's appointments with Dr. Okafor: an upcoming knee follow-up about five days ahead (at
 * the first free slot from then on), unless she already has a future booking with him, and one
 * completed visit three weeks ago, unless she already has a past one.
 */
/** A demo appointment's reason, sealed like every reason (none without the records keys). */
function sealDemoReason(
  db: Db,
  keyring: Keyring | undefined,
  patientId: string,
  appointmentId: string,
  text: string,
): Promise<Buffer | null> {
  return keyring
    ? sealReason({ db, keyring }, patientId, appointmentId, 'reason', text)
    : Promise.resolve(null);
}

async function seedDemoAppointments(
  db: Db,
  logger: Logger,
  keyring: Keyring | undefined,
): Promise<void> {
  const maria = await findAccountByEmail(db, 'maria@example.org');
  const okafor = await findAccountByEmail(db, 'dr.okafor@example.org');
  const type = await findDemoAppointmentType(db, 'dr.okafor@example.org', DEMO_KNEE_FOLLOW_UP);
  if (!maria || !okafor || !type?.active) return;
  const ofMaria = (trx: Db) =>
    trx
      .selectFrom('appointments')
      .select('id')
      .where('patient_id', '=', maria.id)
      .where('provider_id', '=', okafor.id);
  const base = {
    provider_id: okafor.id,
    patient_id: maria.id,
    appointment_type_id: type.id,
    booked_by: maria.id,
    via_grant_id: null,
    hold_expires_at: null,
  };
  const duration = type.duration_minutes * 60_000;
  const blocked = (start: Date) => ({
    start,
    end: new Date(start.getTime() + duration),
    blockedStart: new Date(start.getTime() - type.buffer_before_minutes * 60_000),
    blockedEnd: new Date(start.getTime() + duration + type.buffer_after_minutes * 60_000),
  });
  let added = 0;
  await inTransaction(db, async (trx) => {
    const upcoming = await ofMaria(trx)
      .where('status', '=', 'booked')
      .where(sql<boolean>`lower(during) > now()`)
      .executeTakeFirst();
    if (!upcoming) {
      const from = new Date(Date.now() + 5 * 86_400_000);
      const { slots } = await findSlots(trx, {
        providerId: okafor.id,
        appointmentTypeId: type.id,
        from,
        to: new Date(from.getTime() + 30 * 86_400_000),
      });
      const slot = slots[0];
      if (slot) {
        const id = randomUUID();
        await appointmentsRepo.insert(trx, {
          ...base,
          id,
          ...blocked(new Date(slot.start)),
          status: 'booked',
          reason_sealed: await sealDemoReason(
            trx,
            keyring,
            maria.id,
            id,
            'Check how the knee is healing',
          ),
        });
        added += 1;
      }
    }
    const past = await ofMaria(trx)
      .where('status', '=', 'completed')
      .where(sql<boolean>`upper(during) < now()`)
      .executeTakeFirst();
    if (!past) {
      // The Wednesday three weeks ago, 10:00 at the clinic.
      const { rows } = await sql<{ start: Date }>`
        SELECT ((date_trunc('week', now() - interval '21 days')::date + 2) + time '10:00')
                 AT TIME ZONE ${'America/New_York'} AS start`.execute(trx);
      const id = randomUUID();
      await appointmentsRepo.insert(trx, {
        ...base,
        id,
        ...blocked(rows[0]!.start),
        status: 'completed',
        reason_sealed: await sealDemoReason(
          trx,
          keyring,
          maria.id,
          id,
          'Six weeks after the knee operation',
        ),
      });
      added += 1;
    }
  });
  if (added > 0) logger.info({ added }, 'demo appointments added');
}
