import type { Account, SignUpInput } from '@carecircle/core';
import { inTransaction } from '../platform/db.ts';
import { HttpError, tooManyRequests } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import { hit, minutesFrom } from '../platform/rate-limit.ts';
import { accountEmail } from './account-emails.ts';
import { consumeToken, issueToken } from './account-tokens.ts';
import { accountsRepo } from './accounts.repo.ts';
import { createAccount } from './accounts.service.ts';

/** An e-mailed link that is unknown, already used or expired. */
export const linkNoLongerWorks = (detail: string) =>
  new HttpError({ status: 400, type: 'link-invalid', title: 'This link no longer works', detail });

/**
 * Sign-up: at most SIGNUP_MAX_PER_IP_PER_HOUR per IP address, then the account (password
 * policy and all, see createAccount) and a verification link (24 h) e-mailed in the person's
 * language. A failure to send the e-mail is logged and does not undo the account.
 */
export async function signUp(
  deps: MailDeps,
  input: SignUpInput,
  context: { ip: string },
): Promise<Account> {
  const { db } = deps.database;
  const limit = await hit(db, `signup:ip:${context.ip}`, deps.config.signUpMaxPerIpPerHour, 3600);
  if (!limit.allowed) {
    throw tooManyRequests(
      `Too many sign-ups from this network. Try again in ${minutesFrom(limit.retryAfterSeconds)} minutes.`,
      limit.retryAfterSeconds,
    );
  }
  const { account, token } = await inTransaction(db, async (trx) => {
    const created = await createAccount(trx, input);
    return { account: created, token: await issueToken(trx, created.id, 'verify_email') };
  });
  deps.logger.info({ accountId: account.id, roles: account.roles }, 'account created');
  try {
    await sendMail(
      deps,
      accountEmail(
        'verify',
        account,
        `${deps.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`,
      ),
    );
  } catch (err) {
    deps.logger.error(
      {
        accountId: account.id,
        err: { name: (err as Error).name, code: (err as { code?: string }).code },
      },
      'could not send the verification e-mail',
    );
  }
  return account;
}

/** Confirms an e-mail address with a verification token; each token works once. */
export async function verifyEmail(deps: Pick<MailDeps, 'database'>, token: string): Promise<void> {
  const { db } = deps.database;
  await inTransaction(db, async (trx) => {
    const accountId = await consumeToken(trx, 'verify_email', token);
    if (!accountId) {
      throw linkNoLongerWorks(
        'This link has expired or was already used. If your address is not confirmed yet, sign in to get a new link.',
      );
    }
    await accountsRepo.markEmailVerified(trx, accountId);
  });
}
