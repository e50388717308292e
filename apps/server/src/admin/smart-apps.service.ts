import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { RegisteredSmartApp, SmartApp, SmartAppInput } from '@carecircle/core';
import { assertCan } from '../access/access.ts';
import { recordAudit } from '../access/audit.service.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction } from '../platform/db.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { hashClientSecret, smartClientMetadata } from '../identity/smart-clients.ts';
import { smartAppsRepo, type SmartAppRow } from '../identity/smart-apps.repo.ts';

type Deps = Pick<AppDeps, 'database' | 'oidc'>;

export function presentSmartApp(row: SmartAppRow): SmartApp {
  return {
    clientId: row.client_id,
    name: row.name,
    redirectUris: row.redirect_uris,
    clientType: row.client_type,
    scopes: row.scopes,
    launchUrl: row.launch_url,
    status: row.disabled_at ? 'disabled' : 'active',
    createdAt: row.created_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

export async function listSmartApps(deps: Deps, actor: Actor): Promise<{ items: SmartApp[] }> {
  const { db } = deps.database;
  await assertCan(db, actor, 'accounts:admin');
  const rows = await smartAppsRepo.list(db);
  await recordAudit(db, {
    action: 'admin.smart_apps.list',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'smart_app',
    details: { results: rows.length },
  });
  return { items: rows.map(presentSmartApp) };
}

/**
 * Registers a third-party app: a new client id (and for a confidential app a secret, returned
 * this once; only its hash is kept). The authorization server checks the metadata before it is
 * stored, so an app that could not sign anyone in is refused here with 400.
 */
export async function registerSmartApp(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof SmartAppInput>,
): Promise<RegisteredSmartApp> {
  const { db } = deps.database;
  await assertCan(db, actor, 'accounts:admin');
  const clientId = `smart-${randomBytes(12).toString('base64url')}`;
  const secret = input.clientType === 'confidential' ? randomBytes(32).toString('base64url') : null;
  const row: Omit<SmartAppRow, 'created_at' | 'disabled_at'> = {
    client_id: clientId,
    name: input.name,
    redirect_uris: [...new Set(input.redirectUris)],
    client_type: input.clientType,
    secret_hash: secret ? hashClientSecret(secret) : null,
    scopes: [...new Set(input.scopes)],
    launch_url: input.launchUrl ?? null,
    created_by: actor.id,
  };
  try {
    await deps.oidc.provider.Client.validate(
      smartClientMetadata({ ...row, created_at: new Date(), disabled_at: null }),
    );
  } catch (err) {
    const description = (err as { error_description?: string }).error_description;
    throw badRequest(`This app cannot be registered: ${description ?? 'invalid settings'}.`);
  }
  const saved = await inTransaction(db, async (trx) => {
    const inserted = await smartAppsRepo.insert(trx, row);
    await recordAudit(trx, {
      action: 'admin.smart_apps.register',
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'smart_app',
      subjectId: clientId,
      details: {
        clientType: input.clientType,
        scopes: row.scopes.length,
        redirectUris: row.redirect_uris.length,
      },
    });
    return inserted;
  });
  return { app: presentSmartApp(saved), clientSecret: secret };
}

/**
 * Disables an app: the authorization server stops finding it at once, and its grants, codes and
 * refresh tokens are deleted. Its access tokens (15 minutes) run out on their own.
 */
export async function disableSmartApp(
  deps: Deps,
  actor: Actor,
  clientId: string,
): Promise<SmartApp> {
  const { db } = deps.database;
  await assertCan(db, actor, 'accounts:admin');
  const row = await inTransaction(db, async (trx) => {
    const disabled = await smartAppsRepo.disable(trx, clientId);
    if (!disabled) throw notFound('There is no app with this client id.');
    await smartAppsRepo.deleteOidcState(trx, clientId);
    await recordAudit(trx, {
      action: 'admin.smart_apps.disable',
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'smart_app',
      subjectId: clientId,
    });
    return disabled;
  });
  return presentSmartApp(row);
}
