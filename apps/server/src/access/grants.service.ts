import { createHash, randomBytes } from 'node:crypto';
import type {
  ActingForGrant,
  Grant,
  GrantInviteInput,
  GrantScope,
  GrantStatus,
  GrantUpdateInput,
  InvitationPreview,
} from '@carecircle/core';
import {
  GrantInviteInput as InviteSchema,
  GrantUpdateInput as UpdateSchema,
} from '@carecircle/core';
import { inTransaction, type Db } from '../platform/db.ts';
import { conflict, HttpError, notFound, validationFailed } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import type { Actor } from '../platform/request-context.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { assertCanActFor, forgetCachedGrants, recordAuditAs } from './access.ts';
import { recordAudit } from './audit.service.ts';
import { addCaregiverRole, grantsRepo, type GrantRow, type GrantWithNames } from './grants.repo.ts';
import { invitationEmail } from './invitation-email.ts';

/** How long an invitation link works. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** An invitation link that is unknown, already used, cancelled or expired. */
const invitationNoLongerWorks = () =>
  new HttpError({
    status: 400,
    type: 'link-invalid',
    title: 'This link no longer works',
    detail:
      'This invitation has expired, was cancelled or was already used. Ask the person to invite you again.',
  });

const grantEnded = () =>
  conflict('grant-ended', 'This sharing has already ended. Invite the person again to restart it.');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function statusOf(row: GrantRow, now = new Date()): GrantStatus {
  if (row.status === 'active' && row.ends_at && row.ends_at <= now) return 'expired';
  if (row.status === 'pending' && row.invitation_expires_at && row.invitation_expires_at <= now)
    return 'expired';
  return row.status;
}

export function presentGrant(row: GrantWithNames): Grant {
  const status = statusOf(row);
  return {
    id: row.id,
    status,
    scopes: row.scopes,
    endsAt: iso(row.ends_at),
    inviteeEmail: row.invitee_email,
    caregiver:
      row.caregiver_id && row.caregiver_name
        ? { id: row.caregiver_id, name: row.caregiver_name }
        : null,
    createdAt: row.created_at.toISOString(),
    acceptedAt: iso(row.accepted_at),
    invitationExpiresAt: row.status === 'pending' ? iso(row.invitation_expires_at) : null,
  };
}

function presentActingFor(row: GrantWithNames): ActingForGrant {
  return {
    grantId: row.id,
    patient: { id: row.patient_id, name: row.patient_name },
    scopes: row.scopes,
    endsAt: iso(row.ends_at),
  };
}

function parseEndsAt(value: string | null | undefined, path: string): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(value);
  if (date.getTime() <= Date.now()) {
    throw validationFailed([{ path, message: 'Pick a date in the future', code: 'too_small' }]);
  }
  return date;
}

/** The patient's open invitations and current grants. Honors X-Acting-For (then 404). */
export async function listGrants(db: Db, actor: Actor, actingFor?: string): Promise<Grant[]> {
  const as = await assertCanActFor(db, actor, actingFor, 'grants:manage');
  return (await grantsRepo.listForPatient(db, { patientId: as.patientId })).map(presentGrant);
}

/**
 * A patient invites a caregiver by e-mail: a pending grant with the hash of a single-use link
 * (7 days) that replaces any open invitation to the same address, then the e-mail. A failure to
 * send is logged; inviting again sends a new link.
 */
export async function inviteCaregiver(
  deps: MailDeps,
  actor: Actor,
  input: GrantInviteInput,
  actingFor?: string,
): Promise<Grant> {
  const { db } = deps.database;
  const data = InviteSchema.parse(input);
  const as = await assertCanActFor(db, actor, actingFor, 'grants:manage');
  const endsAt = parseEndsAt(data.endsAt, 'body.endsAt') ?? null;
  const patient = await accountsRepo.findById(db, as.patientId);
  if (!patient) throw notFound();
  if (patient.email.toLowerCase() === data.email.toLowerCase()) {
    throw validationFailed([
      { path: 'body.email', message: 'Enter the e-mail address of someone else', code: 'custom' },
    ]);
  }
  const token = randomBytes(32).toString('base64url');
  const row = await inTransaction(db, async (trx) => {
    const replaced = await grantsRepo.cancelPending(trx, { patientId: as.patientId }, data.email);
    if (replaced) {
      await recordAuditAs(trx, as, {
        action: 'proxy.invite.cancel',
        outcome: 'success',
        subjectType: 'proxy_grant',
        subjectId: replaced.id,
        reason: 'replaced by a new invitation',
      });
    }
    const created = await grantsRepo.insertInvitation(trx, {
      patient_id: as.patientId,
      invitee_email: data.email,
      scopes: data.scopes,
      ends_at: endsAt,
      invitation_token_hash: hashToken(token),
      ttlSeconds: INVITATION_TTL_SECONDS,
    });
    await recordAuditAs(trx, as, {
      action: 'proxy.invite',
      outcome: 'success',
      subjectType: 'proxy_grant',
      subjectId: created.id,
      details: { scopes: data.scopes.join(' '), endsAt: iso(endsAt) },
    });
    return grantsRepo.findForPatient(trx, { patientId: as.patientId }, created.id);
  });
  const invitee = await accountsRepo.findByEmail(db, data.email);
  try {
    await sendMail(
      deps,
      invitationEmail({
        to: data.email,
        locale: (invitee ?? patient).locale === 'es' ? 'es' : 'en',
        patientName: patient.name,
        scopes: data.scopes,
        endsAt,
        link: `${deps.config.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`,
      }),
    );
  } catch (err) {
    deps.logger.error(
      {
        grantId: row!.id,
        err: { name: (err as Error).name, code: (err as { code?: string }).code },
      },
      'could not send the invitation e-mail',
    );
  }
  return presentGrant(row!);
}

/** The patient changes scopes or the end date of an open invitation or an active grant. */
export async function updateGrant(
  db: Db,
  actor: Actor,
  grantId: string,
  input: GrantUpdateInput,
  actingFor?: string,
): Promise<Grant> {
  const data = UpdateSchema.parse(input);
  const as = await assertCanActFor(db, actor, actingFor, 'grants:manage');
  const endsAt = parseEndsAt(data.endsAt, 'body.endsAt');
  const updated = await inTransaction(db, async (trx) => {
    const scope = { patientId: as.patientId };
    const row = await grantsRepo.findForPatient(trx, scope, grantId, { forUpdate: true });
    if (!row) throw notFound();
    if (row.status !== 'pending' && row.status !== 'active') throw grantEnded();
    await grantsRepo.update(trx, grantId, {
      ...(data.scopes ? { scopes: data.scopes } : {}),
      ...(endsAt !== undefined ? { ends_at: endsAt } : {}),
    });
    await recordAuditAs(trx, as, {
      action: 'proxy.update',
      outcome: 'success',
      subjectType: 'proxy_grant',
      subjectId: grantId,
      details: {
        ...(data.scopes ? { scopes: data.scopes.join(' ') } : {}),
        ...(endsAt !== undefined ? { endsAt: iso(endsAt) } : {}),
        caregiverId: row.caregiver_id,
      },
    });
    return grantsRepo.findForPatient(trx, scope, grantId);
  });
  forgetCachedGrants();
  return presentGrant(updated!);
}

/** The patient stops sharing (or cancels an invitation). Effective with the next request. */
export async function revokeGrant(
  db: Db,
  actor: Actor,
  grantId: string,
  actingFor?: string,
): Promise<void> {
  const as = await assertCanActFor(db, actor, actingFor, 'grants:manage');
  await inTransaction(db, async (trx) => {
    const row = await grantsRepo.findForPatient(trx, { patientId: as.patientId }, grantId, {
      forUpdate: true,
    });
    if (!row) throw notFound();
    if (row.status !== 'pending' && row.status !== 'active') throw grantEnded();
    await grantsRepo.end(trx, grantId, 'revoked');
    await recordAuditAs(trx, as, {
      action: 'proxy.revoke',
      outcome: 'success',
      subjectType: 'proxy_grant',
      subjectId: grantId,
      details: { caregiverId: row.caregiver_id, was: row.status },
    });
  });
  forgetCachedGrants();
}

/** The patients the signed-in caregiver may act for now. */
export async function listActingFor(db: Db, actor: Actor): Promise<ActingForGrant[]> {
  return (await grantsRepo.listForCaregiver(db, { caregiverId: actor.id })).map(presentActingFor);
}

/** The caregiver gives a grant back. */
export async function leaveGrant(db: Db, actor: Actor, grantId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await grantsRepo.findForCaregiver(trx, { caregiverId: actor.id }, grantId);
    if (!row) throw notFound();
    if (row.status !== 'active') throw grantEnded();
    await grantsRepo.end(trx, grantId, 'left');
    await recordAudit(trx, {
      action: 'proxy.leave',
      outcome: 'success',
      actorId: actor.id,
      patientId: row.patient_id,
      subjectType: 'proxy_grant',
      subjectId: grantId,
    });
  });
  forgetCachedGrants();
}

async function openInvitation(db: Db, actor: Actor, token: string) {
  const row = await grantsRepo.findOpenInvitation(db, hashToken(token));
  if (!row) throw invitationNoLongerWorks();
  const account = await accountsRepo.findById(db, actor.id);
  const forThisAccount = account?.email.toLowerCase() === row.invitee_email.toLowerCase();
  return { row, forThisAccount };
}

/** What an invitation offers, for the signed-in person to decide. */
export async function previewInvitation(
  db: Db,
  actor: Actor,
  token: string,
): Promise<InvitationPreview> {
  const { row, forThisAccount } = await openInvitation(db, actor, token);
  return {
    patient: { name: row.patient_name },
    scopes: row.scopes,
    endsAt: iso(row.ends_at),
    expiresAt: row.invitation_expires_at!.toISOString(),
    forThisAccount,
  };
}

/**
 * Accepts an invitation: only the account with the invited address can (a forwarded link does
 * not give someone else access). The grant becomes active, replacing an earlier grant between
 * the same two people, and the caregiver role is added to the account if missing.
 */
export async function acceptInvitation(
  db: Db,
  actor: Actor,
  token: string,
): Promise<ActingForGrant> {
  const accepted = await inTransaction(db, async (trx) => {
    const { row, forThisAccount } = await openInvitation(trx, actor, token);
    if (row.patient_id === actor.id) {
      throw conflict(
        'own-invitation',
        'This is an invitation you sent. Send the link to your helper.',
      );
    }
    if (!forThisAccount) {
      throw conflict(
        'invitation-for-another-address',
        'This invitation was sent to another e-mail address. Sign in with that address to accept it.',
      );
    }
    const pair = { patientId: row.patient_id, caregiverId: actor.id };
    const replaced = await grantsRepo.endActivePair(trx, pair);
    if (replaced) {
      await recordAudit(trx, {
        action: 'proxy.revoke',
        outcome: 'success',
        actorId: actor.id,
        patientId: row.patient_id,
        subjectType: 'proxy_grant',
        subjectId: replaced,
        reason: 'replaced by a newer invitation',
      });
    }
    await grantsRepo.activate(trx, row.id, actor.id);
    await addCaregiverRole(trx, actor.id);
    await recordAudit(trx, {
      action: 'proxy.accept',
      outcome: 'success',
      actorId: actor.id,
      patientId: row.patient_id,
      subjectType: 'proxy_grant',
      subjectId: row.id,
      details: { scopes: row.scopes.join(' ') },
    });
    return { ...row, status: 'active' as const, caregiver_id: actor.id };
  });
  forgetCachedGrants();
  return presentActingFor(accepted);
}

/**
 * Gives a caregiver an active grant directly, without an invitation: for the demo seeder and
 * operators. Idempotent per pair: if the two people were ever linked by a grant, nothing changes
 * (a revocation stays revoked). Returns whether a grant was created.
 */
export async function grantProxyAccess(
  db: Db,
  input: { patientId: string; caregiverId: string; scopes: GrantScope[]; endsAt?: Date | null },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const pair = { patientId: input.patientId, caregiverId: input.caregiverId };
    if (await grantsRepo.anyBetween(trx, pair)) return false;
    const caregiver = await accountsRepo.findById(trx, input.caregiverId);
    if (!caregiver) throw notFound();
    const created = await grantsRepo.insertActive(trx, {
      patient_id: input.patientId,
      caregiver_id: input.caregiverId,
      invitee_email: caregiver.email,
      scopes: input.scopes,
      ends_at: input.endsAt ?? null,
    });
    await addCaregiverRole(trx, input.caregiverId);
    await recordAudit(trx, {
      action: 'proxy.grant',
      outcome: 'success',
      actorId: null,
      patientId: input.patientId,
      subjectType: 'proxy_grant',
      subjectId: created.id,
      details: { caregiverId: input.caregiverId, scopes: input.scopes.join(' ') },
    });
    return true;
  });
}
