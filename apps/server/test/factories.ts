import { randomBytes } from 'node:crypto';
import type {
  Account,
  AccountCreateInput,
  ProviderProfileInput,
  WeeklyHours,
} from '@carecircle/core';
import { createAccount } from '../src/identity/accounts.service.ts';
import type { Db } from '../src/platform/db.ts';
import { saveProviderProfile, setWeeklyHours } from '../src/scheduling/providers.service.ts';

export const uniqueEmail = (who = 'person') =>
  `${who}-${randomBytes(5).toString('hex')}@example.org`;

export function buildPatient(
  db: Db,
  overrides: Partial<AccountCreateInput> = {},
): Promise<Account> {
  return createAccount(db, {
    email: uniqueEmail('patient'),
    password: 'correct horse battery staple',
    name: 'Test Patient',
    roles: ['patient'],
    ...overrides,
  });
}

export async function buildProvider(
  db: Db,
  overrides: {
    account?: Partial<AccountCreateInput>;
    profile?: Partial<ProviderProfileInput>;
    hours?: WeeklyHours[];
    verified?: boolean;
  } = {},
): Promise<Account> {
  const account = await createAccount(
    db,
    {
      email: uniqueEmail('provider'),
      password: 'correct horse battery staple',
      name: 'Dr. Test Provider',
      roles: ['provider'],
      ...overrides.account,
    },
    { verified: overrides.verified ?? true },
  );
  await saveProviderProfile(db, account.id, {
    specialty: 'Family medicine',
    languages: ['en'],
    modalities: ['in_person'],
    location: { name: 'Test Clinic', address: '1 Test Street', timeZone: 'America/New_York' },
    ...overrides.profile,
  });
  if (overrides.hours) await setWeeklyHours(db, account.id, overrides.hours);
  return account;
}
