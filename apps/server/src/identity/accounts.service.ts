import argon2 from 'argon2';
import { AccountCreateInput, type Account } from '@carecircle/core';
import type { Db } from '../platform/db.ts';
import { conflict, validationFailed } from '../platform/errors.ts';
import { accountsRepo, type AccountRow } from './accounts.repo.ts';
import { passwordFieldErrors } from './password-policy.ts';

/** OWASP-recommended argon2id parameters (19 MiB, 2 iterations). */
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

const emailTaken = () =>
  conflict('email-taken', 'An account with this e-mail address already exists.');

export function presentAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Account['roles'],
    status: row.status as Account['status'],
    locale: row.locale as Account['locale'],
    timeZone: row.time_zone,
  };
}

/**
 * Creates an account. Providers start as `pending` until an admin verifies them, unless the
 * caller (an operator command or the demo seeder) creates them verified. The password policy
 * applies to every caller: sign-up, the manage command and the demo seeder.
 */
export async function createAccount(
  db: Db,
  input: AccountCreateInput,
  options: { verified?: boolean } = {},
): Promise<Account> {
  const data = AccountCreateInput.parse(input);
  const weak = passwordFieldErrors('body.password', data.password, data);
  if (weak.length > 0) throw validationFailed(weak);
  // Saying that an address is taken lets someone learn who has an account (ASVS 2.x account
  // enumeration). For sign-up we accept that, as most services do: the person needs to know,
  // and sign-up is rate-limited per IP address. Password reset, in contrast, never tells.
  if (await accountsRepo.findByEmail(db, data.email)) {
    throw emailTaken();
  }
  const row = await accountsRepo
    .insert(db, {
      email: data.email,
      name: data.name,
      roles: [...new Set(data.roles)],
      password_hash: await hashPassword(data.password),
      status: data.roles.includes('provider') && !options.verified ? 'pending' : 'active',
      locale: data.locale,
      time_zone: data.timeZone,
      email_verified_at: options.verified ? new Date() : null,
    })
    .catch((err: unknown) => {
      // Two sign-ups with one address at the same moment: the unique index decides.
      if ((err as { code?: string }).code === '23505') throw emailTaken();
      throw err;
    });
  return presentAccount(row);
}

export async function findAccountByEmail(db: Db, email: string): Promise<Account | undefined> {
  const row = await accountsRepo.findByEmail(db, email);
  return row && presentAccount(row);
}
