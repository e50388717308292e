import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { accountTokensRepo, type TokenPurpose } from './account-tokens.repo.ts';

/** How long each kind of e-mailed link works. */
export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  verify_email: 24 * 3600,
  reset_password: 3600,
};

/** Tokens are stored as their SHA-256: 256 random bits need no slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a single-use token and returns it; only its hash is stored. */
export async function issueToken(
  db: Db,
  accountId: string,
  purpose: TokenPurpose,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await accountTokensRepo.insert(db, {
    account_id: accountId,
    purpose,
    token_hash: hashToken(token),
    ttlSeconds: TOKEN_TTL_SECONDS[purpose],
  });
  return token;
}

/** Uses up a token; returns its account id, or undefined when unknown, used or expired. */
export async function consumeToken(
  db: Db,
  purpose: TokenPurpose,
  token: string,
): Promise<string | undefined> {
  const row = await accountTokensRepo.consume(db, purpose, hashToken(token));
  return row?.account_id;
}
