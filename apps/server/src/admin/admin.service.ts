import type { z } from 'zod';
import type { AdminAccount, AdminAccountListQuery, Role } from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import { endAllSessions } from '../identity/sessions.service.ts';
import { inTransaction } from '../platform/db.ts';
import { conflict, forbidden, notFound } from '../platform/errors.ts';
import { sendMail, type MailDeps } from '../platform/mail.ts';
import type { Actor } from '../platform/request-context.ts';
import { providerVerifiedEmail } from './admin-emails.ts';
import { adminAccountsRepo, type AdminAccountRow } from './admin.repo.ts';

/**
 * TODO(access): switch to `assertCan(actor, 'accounts:admin')` from access/access.ts once it
 * lands; until then the rule lives here and in `requireRole` for the auditor's search.
 */
export function requireRole(actor: Pick<Actor, 'roles'>, role: Role): void {
  if (!actor.roles.includes(role)) throw forbidden('This is only for CareCircle admins.');
}

export function presentAdminAccount(row: AdminAccountRow): AdminAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as AdminAccount['roles'],
    status: row.status as AdminAccount['status'],
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at.toISOString(),
    provider:
      row.specialty !== null
        ? { specialty: row.specialty, locationName: row.location_name ?? '' }
        : null,
  };
}

type Filter = z.output<typeof AdminAccountListQuery>;

export async function listAccountsForAdmin(
  deps: MailDeps,
  actor: Actor,
  filter: Filter,
): Promise<{ items: AdminAccount[]; total: number }> {
  requireRole(actor, 'admin');
  const { db } = deps.database;
  const { rows, total } = await adminAccountsRepo.search(db, filter);
  await recordAudit(db, {
    action: 'admin.accounts.search',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'account',
    details: {
      status: filter.status ?? null,
      role: filter.role ?? null,
      q: filter.q ?? null,
      results: rows.length,
    },
  });
  return { items: rows.map(presentAdminAccount), total };
}

/** Loads the account for a change (locked), or 404; the change is audited in the same transaction. */
async function changeAccount(
  deps: MailDeps,
  actor: Actor,
  accountId: string,
  action: string,
  change: (row: AdminAccountRow, trx: MailDeps['database']['db']) => Promise<AdminAccountRow>,
  reason?: string,
): Promise<AdminAccountRow> {
  requireRole(actor, 'admin');
  return inTransaction(deps.database.db, async (trx) => {
    const row = await adminAccountsRepo.findForUpdate(trx, accountId);
    if (!row) throw notFound('There is no account with this id.');
    const changed = await change(row, trx);
    await recordAudit(trx, {
      action,
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'account',
      subjectId: row.id,
      reason: reason ?? null,
      details: { from: row.status, to: changed.status },
    });
    return changed;
  });
}

/** A pending provider becomes active (findable, can sign in) and is told by e-mail. */
export async function verifyProvider(
  deps: MailDeps,
  actor: Actor,
  accountId: string,
): Promise<AdminAccount> {
  const row = await changeAccount(deps, actor, accountId, 'account.verify', async (r, trx) => {
    if (!r.roles.includes('provider') || r.status !== 'pending') {
      throw conflict('not-pending', 'Only a provider waiting for verification can be verified.');
    }
    await adminAccountsRepo.setStatus(trx, r.id, 'active');
    return { ...r, status: 'active' };
  });
  try {
    await sendMail(deps, providerVerifiedEmail(row, deps.config.publicUrl));
  } catch (err) {
    // The verification stands; the provider can sign in without the e-mail.
    deps.logger.error(
      { err: { name: (err as Error).name, code: (err as { code?: string }).code } },
      'provider verified e-mail failed',
    );
  }
  return presentAdminAccount(row);
}

/**
 * Suspends an active account: disabled, and every session, grant and refresh token ends now.
 * Access tokens already issued are refused too (authenticate checks the account's status).
 */
export async function suspendAccount(
  deps: MailDeps,
  actor: Actor,
  accountId: string,
  reason?: string,
): Promise<AdminAccount> {
  if (accountId.toLowerCase() === actor.id) {
    requireRole(actor, 'admin');
    throw conflict('own-account', 'You cannot suspend your own account.');
  }
  const row = await changeAccount(
    deps,
    actor,
    accountId,
    'account.suspend',
    async (r, trx) => {
      if (r.status !== 'active') {
        throw conflict(
          'not-active',
          r.status === 'pending'
            ? 'This account is waiting for verification and cannot sign in yet.'
            : 'This account is already suspended.',
        );
      }
      await adminAccountsRepo.setStatus(trx, r.id, 'disabled');
      await endAllSessions(trx, r.id);
      return { ...r, status: 'disabled' };
    },
    reason,
  );
  return presentAdminAccount(row);
}

/** A suspended account becomes active again (the person signs in anew). */
export async function reinstateAccount(
  deps: MailDeps,
  actor: Actor,
  accountId: string,
): Promise<AdminAccount> {
  const row = await changeAccount(deps, actor, accountId, 'account.reinstate', async (r, trx) => {
    if (r.status !== 'disabled') throw conflict('not-suspended', 'This account is not suspended.');
    await adminAccountsRepo.setStatus(trx, r.id, 'active');
    return { ...r, status: 'active' };
  });
  return presentAdminAccount(row);
}
