import type { Router } from 'express';
import { meEndpoint, updateMeEndpoint, type Me } from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { route } from '../platform/route.ts';
import { accountsRepo } from './accounts.repo.ts';
import { presentAccount } from './accounts.service.ts';
import { replanPatientDoses } from '../medications/doses.service.ts';

async function me(db: Db, id: string): Promise<Me> {
  const row = await accountsRepo.findById(db, id);
  if (!row) throw notFound();
  return { ...presentAccount(row), emailVerified: row.email_verified_at !== null };
}

export function meRoutes(router: Router, deps: AppDeps): void {
  const db = deps.database.db;
  route(router, meEndpoint, ({ ctx }) => me(db, ctx.actor!.id));
  // Language of e-mails and reminders, and the zone reminders and quiet hours are in.
  route(router, updateMeEndpoint, async ({ ctx, body }) => {
    const id = ctx.actor!.id;
    await inTransaction(db, async (trx) => {
      const before = await accountsRepo.findById(trx, id);
      await accountsRepo.updateSettings(trx, id, body);
      // Medicine times are wall-clock times where the person is: move the planned ones.
      if (body.timeZone && before && body.timeZone !== before.time_zone) {
        await replanPatientDoses(deps, trx, id, deps.clock.now());
      }
      await recordAudit(trx, {
        action: 'account.settings.update',
        outcome: 'success',
        actorId: id,
        subjectType: 'account',
        subjectId: id,
        details: { fields: Object.keys(body).sort().join(',') },
      });
    });
    return me(db, id);
  });
}
