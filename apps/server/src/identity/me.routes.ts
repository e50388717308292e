import type { Router } from 'express';
import { meEndpoint } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { notFound } from '../platform/errors.ts';
import { route } from '../platform/route.ts';
import { accountsRepo } from './accounts.repo.ts';
import { presentAccount } from './accounts.service.ts';

export function meRoutes(router: Router, deps: AppDeps): void {
  route(router, meEndpoint, async ({ ctx }) => {
    const row = await accountsRepo.findById(deps.database.db, ctx.actor!.id);
    if (!row) throw notFound();
    return { ...presentAccount(row), emailVerified: row.email_verified_at !== null };
  });
}
