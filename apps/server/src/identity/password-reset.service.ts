import { inTransaction } from '../platform/db.ts';
import { validationFailed } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import { hit } from '../platform/rate-limit.ts';
import { accountEmail } from './account-emails.ts';
import { accountTokensRepo } from './account-tokens.repo.ts';
import { consumeToken, issueToken } from './account-tokens.ts';
import { accountsRepo } from './accounts.repo.ts';
import { hashPassword } from './accounts.service.ts';
import { passwordFieldErrors } from './password-policy.ts';
import { clearSignInFailures } from './sign-in-limits.ts';
import { endAllSessions } from './sessions.service.ts';
import { linkNoLongerWorks } from './sign-up.service.ts';

/** Reset e-mails to one address per hour, beyond which requests are quietly dropped. */
const RESET_MAILS_PER_ADDRESS_PER_HOUR = 5;

/**
 * E-mails a reset link (1 h) when an account has this address. The caller answers 202 at once
 * and runs this in the background, so neither the answer nor its timing tells whether the
 * account exists (ASVS 2.5.x / account enumeration).
 */
export async function requestPasswordReset(deps: MailDeps, email: string): Promise<void> {
  const { db } = deps.database;
  const address = email.trim().toLowerCase();
  const limit = await hit(db, `reset:email:${address}`, RESET_MAILS_PER_ADDRESS_PER_HOUR, 3600);
  if (!limit.allowed) return;
  const account = await accountsRepo.findByEmail(db, address);
  if (!account || account.status === 'disabled') return;
  const token = await issueToken(db, account.id, 'reset_password');
  await sendMail(
    deps,
    accountEmail(
      'reset',
      account,
      `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
    ),
  );
  deps.logger.info({ accountId: account.id }, 'password reset link sent');
}

/**
 * Sets a new password with a reset token. The token is used up, every other reset link of the
 * person stops working, every sign-in of the person ends, failed sign-in counts are cleared, and the e-mail address counts as
 * confirmed (the person just read mail sent to it). A password the policy refuses leaves the
 * token usable, so the person can try another.
 */
export async function confirmPasswordReset(
  deps: Pick<MailDeps, 'database' | 'logger'>,
  input: { token: string; password: string },
): Promise<void> {
  const { db } = deps.database;
  const account = await inTransaction(db, async (trx) => {
    const accountId = await consumeToken(trx, 'reset_password', input.token);
    const row = accountId ? await accountsRepo.findById(trx, accountId) : undefined;
    if (!row) {
      throw linkNoLongerWorks(
        'This reset link has expired or was already used. Ask for a new one on the “Forgot your password?” page.',
      );
    }
    const weak = passwordFieldErrors('body.password', input.password, row);
    if (weak.length > 0) throw validationFailed(weak); // rolls back: the token stays unused
    await accountsRepo.setPasswordHash(trx, row.id, await hashPassword(input.password));
    await accountsRepo.markEmailVerified(trx, row.id);
    await accountTokensRepo.invalidateAll(trx, row.id, 'reset_password');
    // Whoever knew the old password may be signed in somewhere: every sign-in ends now.
    await endAllSessions(trx, row.id);
    return row;
  });
  await clearSignInFailures(db, { email: account.email });
  deps.logger.info({ accountId: account.id }, 'password reset');
}
