import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { hit, minutesFrom, peek, reset } from '../platform/rate-limit.ts';

/**
 * Throttling for the sign-in form (ASVS 2.2.1). Two limits, both configurable:
 * - failed attempts per account per hour (SIGNIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR, 100): slows
 *   password guessing against one person without letting a stranger lock them out for long;
 * - sign-in attempts per IP address per 15 minutes (SIGNIN_MAX_PER_IP_PER_15_MIN, 300): slows
 *   credential stuffing, yet a clinic or household behind one address can still sign in 50
 *   people within a few minutes.
 */
export type SignInLimits = Pick<
  Config,
  'signInMaxFailuresPerAccountPerHour' | 'signInMaxPerIpPer15Min'
>;

export type SignInCheck =
  | { allowed: true }
  | { allowed: false; reason: 'ip' | 'account'; retryAfterSeconds: number; message: string };

const HOUR = 3600;
const FIFTEEN_MINUTES = 900;

const accountKey = (email: string) => `signin-fail:account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

/**
 * Call before checking a password. Counts this attempt against the IP address, and refuses when
 * the address or the account (by e-mail, whether or not it exists, so the answer reveals
 * nothing) is over its limit. Pass the app's config as `limits`.
 */
export async function checkSignInAllowed(
  db: Db,
  attempt: { email: string; ip: string },
  limits: SignInLimits,
): Promise<SignInCheck> {
  const byIp = await hit(db, ipKey(attempt.ip), limits.signInMaxPerIpPer15Min, FIFTEEN_MINUTES);
  if (!byIp.allowed) {
    return {
      allowed: false,
      reason: 'ip',
      retryAfterSeconds: byIp.retryAfterSeconds,
      message: `Too many sign-ins from this network. Try again in ${minutesFrom(byIp.retryAfterSeconds)} minutes.`,
    };
  }
  const byAccount = await peek(
    db,
    accountKey(attempt.email),
    limits.signInMaxFailuresPerAccountPerHour,
  );
  if (!byAccount.allowed) {
    return {
      allowed: false,
      reason: 'account',
      retryAfterSeconds: byAccount.retryAfterSeconds,
      message: `Too many failed sign-ins for this account. Try again in ${minutesFrom(byAccount.retryAfterSeconds)} minutes, or reset your password.`,
    };
  }
  return { allowed: true };
}

/** Call after a wrong e-mail or password. */
export async function recordSignInFailure(
  db: Db,
  attempt: { email: string; ip: string },
): Promise<void> {
  // The window is an hour whatever the limit; the limit is applied when checking.
  await hit(db, accountKey(attempt.email), Number.MAX_SAFE_INTEGER, HOUR);
}

/** Call after a successful sign-in or a password reset. */
export async function clearSignInFailures(db: Db, attempt: { email: string }): Promise<void> {
  await reset(db, accountKey(attempt.email));
}
