import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import {
  isMfaRequired,
  RECOVERY_CODE_COUNT,
  type MfaEnrolment,
  type MfaStatus,
} from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import type { Config } from '../platform/config.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { conflict, forbidden, HttpError, tooManyRequests } from '../platform/errors.ts';
import type { AccountRow } from './accounts.repo.ts';
import { decryptSecret, encryptSecret, type MfaKey } from './mfa-crypto.ts';
import { mfaRepo } from './mfa.repo.ts';
import { checkSignInAllowed, recordSignInFailure } from './sign-in-limits.ts';

/** What MFA needs from the app: the database, the config (limits) and the secrets' key. */
export interface MfaDeps {
  db: Db;
  config: Pick<Config, 'signInMaxFailuresPerAccountPerHour' | 'signInMaxPerIpPer15Min'>;
  key: () => Promise<MfaKey>;
}

/** Where a request came from, for the audit log and the per-IP limit. */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
}

export const TOTP_ISSUER = 'CareCircle';
/** ±1 time step of 30 s around now (RFC 6238 §5.2 network delay / clock drift). */
const TOTP_TOLERANCE_SECONDS = 30;

type Account = Pick<AccountRow, 'id' | 'email' | 'roles'>;

// ── TOTP ────────────────────────────────────────────────────────────────────────────────

/** Checks a 6-digit code; returns its RFC 6238 time step when valid and newer than `afterStep`. */
export async function checkTotp(
  secret: string,
  code: string,
  afterStep: number | null,
  epoch?: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(epoch !== undefined ? { epoch } : {}),
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function otpauthUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The enrolment as shown to a person: URI, QR code (SVG data: URL) and the key in groups of 4. */
export async function presentEnrolment(email: string, secret: string): Promise<MfaEnrolment> {
  const uri = otpauthUri(email, secret);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    otpauthUri: uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    manualKey: secret.match(/.{1,4}/g)!.join(' '),
  };
}

// ── Recovery codes ──────────────────────────────────────────────────────────────────────

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = Array.from(
    { length: 10 },
    () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
  );
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function hashRecoveryCode(salt: string, code: string): string {
  return createHash('sha256')
    .update(`${salt}:${normaliseRecoveryCode(code)}`)
    .digest('hex');
}

async function issueRecoveryCodes(db: Db, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await mfaRepo.replaceRecoveryCodes(
    db,
    accountId,
    codes.map((code) => {
      const salt = randomBytes(16).toString('hex');
      return { salt, code_hash: hashRecoveryCode(salt, code) };
    }),
  );
  return codes;
}

/** Uses up a recovery code; true when it matched an unused one. */
async function consumeRecoveryCode(db: Db, accountId: string, code: string): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[a-z0-9]{10}$/.test(normalised)) return false;
  const rows = await mfaRepo.unusedRecoveryCodes(db, accountId);
  // Compare with every row, in constant time each, so timing says nothing about which matched.
  let match: string | undefined;
  for (const row of rows) {
    const same = timingSafeEqual(
      Buffer.from(hashRecoveryCode(row.salt, normalised), 'hex'),
      Buffer.from(row.code_hash, 'hex'),
    );
    if (same) match = row.id;
  }
  return match !== undefined && (await mfaRepo.useRecoveryCode(db, match));
}

// ── Status and enrolment ────────────────────────────────────────────────────────────────

export async function getMfaStatus(db: Db, account: Account): Promise<MfaStatus> {
  const totp = await mfaRepo.findTotp(db, account.id);
  const enabled = Boolean(totp?.enabled_at);
  return {
    enabled,
    required: isMfaRequired(account.roles),
    enabledAt: totp?.enabled_at?.toISOString() ?? null,
    recoveryCodesLeft: enabled ? (await mfaRepo.unusedRecoveryCodes(db, account.id)).length : 0,
  };
}

export async function isMfaEnabled(db: Db, accountId: string): Promise<boolean> {
  return Boolean((await mfaRepo.findTotp(db, accountId))?.enabled_at);
}

/**
 * Starts (or restarts) an enrolment with a new secret, stored encrypted and not yet in force.
 * Refused when two-step sign-in is already on (turn it off first).
 */
export async function startMfaEnrolment(deps: MfaDeps, account: Account): Promise<MfaEnrolment> {
  const secret = generateSecret();
  const saved = await mfaRepo.savePendingSecret(
    deps.db,
    account.id,
    encryptSecret(await deps.key(), account.id, secret),
  );
  if (!saved) throw conflict('mfa-already-enabled', 'Two-step sign-in is already on.');
  return presentEnrolment(account.email, secret);
}

/** The pending enrolment's secret again (to show the same QR code after a wrong code). */
export async function pendingEnrolment(
  deps: MfaDeps,
  account: Account,
): Promise<MfaEnrolment | undefined> {
  const totp = await mfaRepo.findTotp(deps.db, account.id);
  if (!totp || totp.enabled_at) return undefined;
  const secret = decryptSecret(await deps.key(), account.id, totp.secret_ciphertext);
  return presentEnrolment(account.email, secret);
}

const wrongCode = () =>
  new HttpError({
    status: 400,
    type: 'mfa-code-invalid',
    title: 'Some fields need fixing',
    detail: 'That code is not right. Codes change every 30 seconds; try the newest one.',
    errors: [{ path: 'body.code', message: 'That code is not right', code: 'invalid_code' }],
  });

/** Refuses when the sign-in limits (per IP, failures per account) are reached. */
async function assertNotThrottled(deps: MfaDeps, account: Account, origin: Origin) {
  const check = await checkSignInAllowed(
    deps.db,
    { email: account.email, ip: origin.ip ?? 'unknown' },
    deps.config,
  );
  if (!check.allowed) throw tooManyRequests(check.message, check.retryAfterSeconds);
}

async function rejectCode(deps: MfaDeps, account: Account, origin: Origin, action: string) {
  await recordSignInFailure(deps.db, { email: account.email, ip: origin.ip ?? 'unknown' });
  await recordAudit(deps.db, {
    action,
    outcome: 'failure',
    actorId: account.id,
    details: { reason: 'wrong_code' },
    ...origin,
  });
}

/** Confirms an enrolment with a current code: two-step sign-in is on; returns recovery codes. */
export async function confirmMfaEnrolment(
  deps: MfaDeps,
  account: Account,
  code: string,
  origin: Origin,
): Promise<string[]> {
  await assertNotThrottled(deps, account, origin);
  const totp = await mfaRepo.findTotp(deps.db, account.id);
  if (!totp) throw conflict('mfa-not-started', 'Start setting up two-step sign-in first.');
  if (totp.enabled_at) throw conflict('mfa-already-enabled', 'Two-step sign-in is already on.');
  const secret = decryptSecret(await deps.key(), account.id, totp.secret_ciphertext);
  const step = await checkTotp(secret, code.trim(), null);
  if (step === null) {
    await rejectCode(deps, account, origin, 'mfa.enabled');
    throw wrongCode();
  }
  return inTransaction(deps.db, async (trx) => {
    if (!(await mfaRepo.enable(trx, account.id, step)))
      throw conflict('mfa-already-enabled', 'Two-step sign-in is already on.');
    const codes = await issueRecoveryCodes(trx, account.id);
    await recordAudit(trx, {
      action: 'mfa.enabled',
      outcome: 'success',
      actorId: account.id,
      ...origin,
    });
    return codes;
  });
}

export type SecondFactor = 'totp' | 'recovery';

/**
 * Checks a second factor of someone with two-step sign-in on: a 6-digit code (each code works
 * once) or, when allowed, a recovery code (used up). Audits recovery-code use. Does not throttle
 * or audit failures: callers do, as their context differs (sign-in form, API).
 */
export async function verifySecondFactor(
  deps: MfaDeps,
  account: Account,
  code: string,
  origin: Origin,
  options: { allowRecovery: boolean },
): Promise<SecondFactor | null> {
  const totp = await mfaRepo.findTotp(deps.db, account.id);
  if (!totp?.enabled_at) return null;
  const trimmed = code.trim().replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const secret = decryptSecret(await deps.key(), account.id, totp.secret_ciphertext);
    const step = await checkTotp(secret, trimmed, totp.last_used_step);
    if (step === null || !(await mfaRepo.claimStep(deps.db, account.id, step))) return null;
    return 'totp';
  }
  if (!options.allowRecovery || !(await consumeRecoveryCode(deps.db, account.id, trimmed)))
    return null;
  const left = (await mfaRepo.unusedRecoveryCodes(deps.db, account.id)).length;
  await recordAudit(deps.db, {
    action: 'mfa.recovery_code_used',
    outcome: 'success',
    actorId: account.id,
    details: { remaining: left },
    ...origin,
  });
  return 'recovery';
}

/** Turns two-step sign-in off (not allowed for providers and admins). */
export async function disableMfa(
  deps: MfaDeps,
  account: Account,
  code: string,
  origin: Origin,
): Promise<MfaStatus> {
  if (isMfaRequired(account.roles)) {
    await recordAudit(deps.db, {
      action: 'mfa.disabled',
      outcome: 'denied',
      actorId: account.id,
      details: { reason: 'required_for_role' },
      ...origin,
    });
    throw forbidden('Two-step sign-in is required for providers, administrators and auditors.');
  }
  if (!(await isMfaEnabled(deps.db, account.id)))
    throw conflict('mfa-not-enabled', 'Two-step sign-in is not on.');
  await assertNotThrottled(deps, account, origin);
  const factor = await verifySecondFactor(deps, account, code, origin, { allowRecovery: true });
  if (!factor) {
    await rejectCode(deps, account, origin, 'mfa.disabled');
    throw wrongCode();
  }
  await inTransaction(deps.db, async (trx) => {
    await mfaRepo.removeAll(trx, account.id);
    await recordAudit(trx, {
      action: 'mfa.disabled',
      outcome: 'success',
      actorId: account.id,
      details: { method: factor },
      ...origin,
    });
  });
  return getMfaStatus(deps.db, account);
}

/** New recovery codes (the old ones stop working), after a current code or a recovery code. */
export async function regenerateRecoveryCodes(
  deps: MfaDeps,
  account: Account,
  code: string,
  origin: Origin,
): Promise<string[]> {
  if (!(await isMfaEnabled(deps.db, account.id)))
    throw conflict('mfa-not-enabled', 'Two-step sign-in is not on.');
  await assertNotThrottled(deps, account, origin);
  const factor = await verifySecondFactor(deps, account, code, origin, { allowRecovery: true });
  if (!factor) {
    await rejectCode(deps, account, origin, 'mfa.recovery_codes_regenerated');
    throw wrongCode();
  }
  return inTransaction(deps.db, async (trx) => {
    const codes = await issueRecoveryCodes(trx, account.id);
    await recordAudit(trx, {
      action: 'mfa.recovery_codes_regenerated',
      outcome: 'success',
      actorId: account.id,
      details: { method: factor },
      ...origin,
    });
    return codes;
  });
}

/**
 * Gives an account a known TOTP secret, already on, without recovery codes (the demo seeder:
 * DEMO_DATA only). Leaves an account that already has two-step sign-in as it is.
 */
export async function enableMfaWithSecret(db: Db, key: MfaKey, accountId: string, secret: string) {
  const existing = await mfaRepo.findTotp(db, accountId);
  if (existing?.enabled_at) return false;
  await mfaRepo.savePendingSecret(db, accountId, encryptSecret(key, accountId, secret));
  return mfaRepo.enable(db, accountId, 0);
}
