import express, { type Request, type Response, type Router } from 'express';
import { isMfaRequired } from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { accountsRepo, type AccountRow } from './accounts.repo.ts';
import { mfaKeyLoader } from './mfa-crypto.ts';
import { enrolPage, mfaPageStrings, recoveryCodesPage, totpPage } from './mfa-pages.ts';
import { mfaRepo, type MfaSignInStepRow } from './mfa.repo.ts';
import {
  confirmMfaEnrolment,
  isMfaEnabled,
  pendingEnrolment,
  startMfaEnrolment,
  verifySecondFactor,
  type MfaDeps,
  type Origin,
} from './mfa.service.ts';
import { OIDC_PATH, type OidcRuntime } from './oidc.ts';
import { fill, loginPage, pageStrings, type PageLocale } from './pages.ts';
import { checkSignInAllowed, clearSignInFailures, recordSignInFailure } from './sign-in-limits.ts';

/** A form field as text (absent or repeated fields count as empty). */
const formField = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : '');

/** A second step must be finished within the interaction's lifetime; 10 minutes is plenty. */
const STEP_TTL_SECONDS = 10 * 60;

interface Deps {
  config: Config;
  db: Db;
  oidc: OidcRuntime;
  links: { signUpUrl: string; forgotUrl: string };
  localeOf: (req: Request, params: Record<string, unknown>) => PageLocale;
}

export interface MfaSignInStep {
  /**
   * After a right password. When the person needs a second step (two-step sign-in on, or
   * required for their role), remembers the verified account under the interaction's uid (server
   * side), shows the step and returns true; otherwise returns false.
   */
  begin(
    req: Request,
    res: Response,
    uid: string,
    account: AccountRow,
    locale: PageLocale,
  ): Promise<boolean>;
  /** GET of an interaction with a second step pending: shows it again and returns true. */
  resume(req: Request, res: Response, uid: string, locale: PageLocale): Promise<boolean>;
}

const originOf = (req: Request): Origin => ({
  ip: req.ip ?? null,
  userAgent: req.get('user-agent')?.slice(0, 200) ?? null,
});

/**
 * The sign-in's second step: TOTP (or a recovery code) for people with two-step sign-in on, and
 * enrolment for providers and admins who do not have it yet. The password step cannot be skipped:
 * the account whose password was right is kept in `mfa_sign_in_steps` under the interaction uid
 * that oidc-provider checked against its own cookie, never in a form field.
 */
export function mfaSignInRoutes(router: Router, deps: Deps): MfaSignInStep {
  const { config, db, oidc, links } = deps;
  const { provider } = oidc;
  const mfa: MfaDeps = { db, config, key: mfaKeyLoader(config, db) };
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const path = (uid: string, step: 'mfa' | 'mfa/enrol' | 'mfa/continue') =>
    `${OIDC_PATH}/interaction/${uid}/${step}`;

  async function showStep(
    res: Response,
    step: Pick<MfaSignInStepRow, 'interaction_uid' | 'stage'>,
    account: AccountRow,
    locale: PageLocale,
    extra: { error?: string; recoveryError?: string; codes?: string[]; status?: number } = {},
  ) {
    const uid = step.interaction_uid;
    res.status(extra.status ?? 200).type('html');
    if (step.stage === 'totp') {
      res.send(totpPage({ locale, action: path(uid, 'mfa'), ...extra }));
    } else if (step.stage === 'enrol') {
      const enrolment =
        (await pendingEnrolment(mfa, account)) ?? (await startMfaEnrolment(mfa, account));
      res.send(
        enrolPage({ locale, action: path(uid, 'mfa/enrol'), enrolment, error: extra.error }),
      );
    } else {
      res.send(
        recoveryCodesPage({ locale, action: path(uid, 'mfa/continue'), codes: extra.codes }),
      );
    }
  }

  /** The interaction and its pending step, or undefined (then the login form is shown again). */
  async function load(req: Request, res: Response) {
    const details = await provider.interactionDetails(req, res);
    res.setHeader('Cache-Control', 'no-store');
    const locale = deps.localeOf(req, details.params);
    const step = await mfaRepo.findSignInStep(db, details.uid);
    const account = step && (await accountsRepo.findById(db, step.account_id));
    if (!step || !account || account.status !== 'active') {
      res.redirect(303, `${OIDC_PATH}/interaction/${details.uid}`);
      return undefined;
    }
    return { details, locale, step, account };
  }

  async function finish(
    req: Request,
    res: Response,
    uid: string,
    account: AccountRow,
    method: string,
  ) {
    await mfaRepo.deleteSignInStep(db, uid);
    await clearSignInFailures(db, { email: account.email });
    await recordAudit(db, {
      action: 'auth.sign_in',
      outcome: 'success',
      actorId: account.id,
      details: { method },
      ...originOf(req),
    });
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.id, amr: ['pwd', 'otp'], remember: true } },
      { mergeWithLastSubmission: false },
    );
  }

  /** Throttled like the password (same counters): true when the attempt may go on. */
  async function allowed(req: Request, res: Response, account: AccountRow, locale: PageLocale) {
    const check = await checkSignInAllowed(
      db,
      { email: account.email, ip: req.ip ?? 'unknown' },
      config,
    );
    if (check.allowed) return true;
    await recordAudit(db, {
      action: 'auth.mfa',
      outcome: 'denied',
      actorId: account.id,
      details: { reason: `throttled_${check.reason}` },
      ...originOf(req),
    });
    const t = pageStrings(locale);
    res
      .status(429)
      .setHeader('Retry-After', String(check.retryAfterSeconds))
      .type('html')
      .send(
        loginPage({
          locale,
          action: `${OIDC_PATH}/interaction/${req.params.uid as string}/login`,
          email: account.email,
          error: fill(t.throttled, {
            minutes: Math.max(1, Math.ceil(check.retryAfterSeconds / 60)),
          }),
          ...links,
        }),
      );
    return false;
  }

  async function refuse(req: Request, account: AccountRow, reason: string) {
    await recordSignInFailure(db, { email: account.email, ip: req.ip ?? 'unknown' });
    await recordAudit(db, {
      action: 'auth.mfa',
      outcome: 'failure',
      actorId: account.id,
      details: { reason },
      ...originOf(req),
    });
  }

  router.post(`${OIDC_PATH}/interaction/:uid/mfa`, form, async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const { step, account, locale } = loaded;
    if (step.stage !== 'totp') return showStep(res, step, account, locale);
    if (!(await allowed(req, res, account, locale))) return;
    const body = req.body as Record<string, unknown>;
    const recovery = typeof body.recovery_code === 'string' && body.recovery_code.trim() !== '';
    const code = formField(recovery ? body.recovery_code : body.code);
    const factor = recovery
      ? /^\d{6}$/.test(code.trim())
        ? null // a 6-digit code typed into the recovery field is not a recovery code
        : await verifySecondFactor(mfa, account, code, originOf(req), { allowRecovery: true })
      : await verifySecondFactor(mfa, account, code, originOf(req), { allowRecovery: false });
    if (!factor) {
      await refuse(req, account, recovery ? 'wrong_recovery_code' : 'wrong_code');
      const t = mfaPageStrings(locale);
      return showStep(res, step, account, locale, {
        status: 401,
        ...(recovery ? { recoveryError: t.wrongRecovery } : { error: t.wrongCode }),
      });
    }
    await finish(req, res, step.interaction_uid, account, `password+${factor}`);
  });

  router.post(`${OIDC_PATH}/interaction/:uid/mfa/enrol`, form, async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const { step, account, locale } = loaded;
    if (step.stage !== 'enrol') return showStep(res, step, account, locale);
    if (!(await allowed(req, res, account, locale))) return;
    const code = formField((req.body as Record<string, unknown>).code);
    let codes: string[];
    try {
      codes = await confirmMfaEnrolment(mfa, account, code, originOf(req));
    } catch (err) {
      if ((err as { type?: string }).type?.endsWith('mfa-code-invalid')) {
        return showStep(res, step, account, locale, {
          status: 401,
          error: mfaPageStrings(locale).wrongCode,
        });
      }
      throw err;
    }
    await mfaRepo.setSignInStage(db, step.interaction_uid, 'done');
    await showStep(res, { ...step, stage: 'done' }, account, locale, { codes });
  });

  router.post(`${OIDC_PATH}/interaction/:uid/mfa/continue`, form, async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const { step, account, locale } = loaded;
    if (step.stage !== 'done') return showStep(res, step, account, locale);
    await finish(req, res, step.interaction_uid, account, 'password+totp_enrolment');
  });

  return {
    async begin(req, res, uid, account, locale) {
      const enabled = await isMfaEnabled(db, account.id);
      if (!enabled && !isMfaRequired(account.roles)) return false;
      const stage = enabled ? 'totp' : 'enrol';
      await mfaRepo.saveSignInStep(db, {
        interactionUid: uid,
        accountId: account.id,
        stage,
        ttlSeconds: STEP_TTL_SECONDS,
      });
      await recordAudit(db, {
        action: 'auth.password_verified',
        outcome: 'success',
        actorId: account.id,
        details: { next: stage },
        ...originOf(req),
      });
      if (stage === 'enrol') await startMfaEnrolment(mfa, account);
      await showStep(res, { interaction_uid: uid, stage }, account, locale);
      return true;
    },
    async resume(_req, res, uid, locale) {
      const step = await mfaRepo.findSignInStep(db, uid);
      const account = step && (await accountsRepo.findById(db, step.account_id));
      if (!step || !account || account.status !== 'active') return false;
      await showStep(res, step, account, locale);
      return true;
    },
  };
}
