import type {
  BreakGlassAccess,
  BreakGlassInput,
  CareShare,
  CareShareInput,
} from '@carecircle/core';
import {
  BREAK_GLASS_HOURS,
  BreakGlassInput as BreakGlassSchema,
  CareShareInput as ShareSchema,
} from '@carecircle/core';
import { inTransaction, type Db } from '../platform/db.ts';
import { forbidden, notFound, validationFailed } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import type { Actor } from '../platform/request-context.ts';
import { accountsRepo } from '../identity/accounts.repo.ts';
import { assertCanActFor, forgetCachedRelationships, recordAuditAs } from './access.ts';
import { recordAudit } from './audit.service.ts';
import { breakGlassEmail } from './break-glass-email.ts';
import { careRelationshipsRepo, type CareShareWithName } from './care-relationships.repo.ts';

function presentShare(row: CareShareWithName): CareShare {
  return {
    id: row.id,
    provider: { id: row.provider_id, name: row.provider_name },
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Sharing one's records is the patient's own decision, like proxy grants: `grants:manage`,
 * which only the patient holds (a caregiver naming them in X-Acting-For gets 404).
 */
const SHARE_ACTION = 'grants:manage';

/** The providers the patient shares their records with now. */
export async function listCareShares(
  db: Db,
  actor: Actor,
  actingFor?: string,
): Promise<CareShare[]> {
  const as = await assertCanActFor(db, actor, actingFor, SHARE_ACTION);
  return (await careRelationshipsRepo.listForPatient(db, { patientId: as.patientId })).map(
    presentShare,
  );
}

/**
 * The patient shares their records with an active provider. Idempotent: sharing again with the
 * same provider returns the active share unchanged.
 */
export async function shareWithProvider(
  db: Db,
  actor: Actor,
  input: CareShareInput,
  actingFor?: string,
): Promise<CareShare> {
  const data = ShareSchema.parse(input);
  const as = await assertCanActFor(db, actor, actingFor, SHARE_ACTION);
  const providerId = data.providerId.toLowerCase();
  const provider = await accountsRepo.findById(db, providerId);
  if (
    !provider ||
    provider.id === as.patientId ||
    provider.status !== 'active' ||
    !provider.roles.includes('provider')
  ) {
    throw validationFailed([
      { path: 'body.providerId', message: 'Pick a provider from the list', code: 'custom' },
    ]);
  }
  const share = await inTransaction(db, async (trx) => {
    const scope = { patientId: as.patientId };
    const created = await careRelationshipsRepo.insertShare(trx, {
      patient_id: as.patientId,
      provider_id: provider.id,
    });
    if (created) {
      await recordAuditAs(trx, as, {
        action: 'care.share',
        outcome: 'success',
        subjectType: 'care_share',
        subjectId: created,
        details: { providerId: provider.id },
      });
    }
    return careRelationshipsRepo.findActiveShare(trx, scope, provider.id);
  });
  forgetCachedRelationships();
  return presentShare(share!);
}

/** The patient ends a share: the provider loses access with their next request. */
export async function endCareShare(
  db: Db,
  actor: Actor,
  shareId: string,
  actingFor?: string,
): Promise<void> {
  const as = await assertCanActFor(db, actor, actingFor, SHARE_ACTION);
  await inTransaction(db, async (trx) => {
    const ended = await careRelationshipsRepo.endShare(trx, { patientId: as.patientId }, shareId);
    if (!ended) throw notFound();
    await recordAuditAs(trx, as, {
      action: 'care.share.end',
      outcome: 'success',
      subjectType: 'care_share',
      subjectId: shareId,
      details: { providerId: ended.provider_id },
    });
  });
  forgetCachedRelationships();
}

/**
 * Break-the-glass: an active provider without a care relationship opens a patient's record by
 * giving a reason. The access lasts BREAK_GLASS_HOURS, is flagged in the audit log
 * (`access.break_glass`, details.breakGlass) and the patient is told by e-mail. A failure to send
 * is logged; the access stands (it is an emergency) and stays visible in the patient's history.
 */
export async function breakGlass(
  deps: MailDeps,
  actor: Actor,
  input: BreakGlassInput,
): Promise<BreakGlassAccess> {
  const { db } = deps.database;
  if (!actor.roles.includes('provider')) {
    throw forbidden('Only providers can open a record in an emergency.');
  }
  const data = BreakGlassSchema.parse(input);
  const providerAccount = await accountsRepo.findById(db, actor.id);
  if (!providerAccount || providerAccount.status !== 'active') {
    throw forbidden('Only verified providers can open a record in an emergency.');
  }
  const patientId = data.patientId.toLowerCase();
  const patient = await accountsRepo.findById(db, patientId);
  if (!patient || patient.id === actor.id || !patient.roles.includes('patient')) {
    throw notFound();
  }
  const access = await inTransaction(db, async (trx) => {
    const row = await careRelationshipsRepo.insertBreakGlass(trx, {
      provider_id: actor.id,
      patient_id: patient.id,
      reason: data.reason,
      hours: BREAK_GLASS_HOURS,
    });
    await recordAudit(trx, {
      action: 'access.break_glass',
      outcome: 'success',
      actorId: actor.id,
      patientId: patient.id,
      subjectType: 'break_glass_access',
      subjectId: row.id,
      reason: data.reason,
      details: { breakGlass: true, expiresAt: row.expires_at.toISOString() },
    });
    return row;
  });
  forgetCachedRelationships();
  try {
    await sendMail(
      deps,
      breakGlassEmail({
        to: patient.email,
        locale: patient.locale === 'es' ? 'es' : 'en',
        providerName: providerAccount.name,
        openedAt: access.opened_at,
        expiresAt: access.expires_at,
        timeZone: patient.time_zone,
        link: `${deps.config.publicUrl}/profile`,
      }),
    );
  } catch (err) {
    deps.logger.error(
      {
        breakGlassId: access.id,
        err: { name: (err as Error).name, code: (err as { code?: string }).code },
      },
      'could not send the break-the-glass e-mail',
    );
  }
  return { id: access.id, patientId: patient.id, expiresAt: access.expires_at.toISOString() };
}
