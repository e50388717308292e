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
  provider?: { profile: ProviderProfileInput; hours: WeeklyHours[] };
}

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
  config: Pick<Config, 'mfaEncryptionKey'> = { mfaEncryptionKey: undefined },
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
