import argon2 from 'argon2';
import type { Db } from '../platform/db.ts';
import { accountsRepo, type AccountRow } from './accounts.repo.ts';

export type SignInResult =
  | { ok: true; account: AccountRow }
  | { ok: false; reason: 'bad-credentials' | 'not-active'; accountId?: string };

// Verified against when the e-mail is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;
const dummy = () =>
  (dummyHash ??= argon2.hash('not a real password, only for timing', {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  }));

/** Checks an e-mail and password. Says nothing about which of the two was wrong. */
export async function verifyCredentials(
  db: Db,
  email: string,
  password: string,
): Promise<SignInResult> {
  const account = await accountsRepo.findByEmail(db, email.trim());
  const hash = account?.password_hash ?? (await dummy());
  const matches = await argon2.verify(hash, password).catch(() => false);
  if (!account || !matches) return { ok: false, reason: 'bad-credentials', accountId: account?.id };
  if (account.status !== 'active')
    return { ok: false, reason: 'not-active', accountId: account.id };
  return { ok: true, account };
}
