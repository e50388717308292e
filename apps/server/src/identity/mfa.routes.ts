import type { Request, Router } from 'express';
import {
  confirmMfaEnrolmentEndpoint,
  disableMfaEndpoint,
  getMfaStatusEndpoint,
  regenerateRecoveryCodesEndpoint,
  startMfaEnrolmentEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { notFound } from '../platform/errors.ts';
import type { RequestContext } from '../platform/request-context.ts';
import { route } from '../platform/route.ts';
import { accountsRepo } from './accounts.repo.ts';
import { mfaKeyLoader } from './mfa-crypto.ts';
import {
  confirmMfaEnrolment,
  disableMfa,
  getMfaStatus,
  regenerateRecoveryCodes,
  startMfaEnrolment,
  type MfaDeps,
  type Origin,
} from './mfa.service.ts';

const originOf = (req: Request): Origin => ({
  ip: req.ip ?? null,
  userAgent: req.get('user-agent')?.slice(0, 200) ?? null,
});

/** Two-step sign-in (TOTP) of the signed-in person: status, enrol, disable, recovery codes. */
export function mfaRoutes(router: Router, deps: AppDeps): void {
  const db = deps.database.db;
  const mfa: MfaDeps = { db, config: deps.config, key: mfaKeyLoader(deps.config, db) };
  const me = async (ctx: RequestContext) => {
    const row = await accountsRepo.findById(db, ctx.actor!.id);
    if (!row) throw notFound();
    return row;
  };

  route(router, getMfaStatusEndpoint, async ({ ctx }) => getMfaStatus(db, await me(ctx)));

  route(router, startMfaEnrolmentEndpoint, async ({ ctx }) =>
    startMfaEnrolment(mfa, await me(ctx)),
  );

  route(router, confirmMfaEnrolmentEndpoint, async ({ ctx, body, req }) => ({
    recoveryCodes: await confirmMfaEnrolment(mfa, await me(ctx), body.code, originOf(req)),
  }));

  route(router, disableMfaEndpoint, async ({ ctx, body, req }) =>
    disableMfa(mfa, await me(ctx), body.code, originOf(req)),
  );

  route(router, regenerateRecoveryCodesEndpoint, async ({ ctx, body, req }) => ({
    recoveryCodes: await regenerateRecoveryCodes(mfa, await me(ctx), body.code, originOf(req)),
  }));
}
