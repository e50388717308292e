import type { Request, Router } from 'express';
import {
  ACTING_FOR_HEADER,
  acceptInvitationEndpoint,
  inviteCaregiverEndpoint,
  leaveGrantEndpoint,
  listActingForEndpoint,
  listGrantsEndpoint,
  previewInvitationEndpoint,
  revokeGrantEndpoint,
  updateGrantEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  acceptInvitation,
  inviteCaregiver,
  leaveGrant,
  listActingFor,
  listGrants,
  previewInvitation,
  revokeGrant,
  updateGrant,
} from './grants.service.ts';

/** The `X-Acting-For` header, when present. */
export const actingForHeader = (req: Request): string | undefined =>
  req.get(ACTING_FOR_HEADER) ?? undefined;

export function grantRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;

  // The patient's own sharing: these honor X-Acting-For, which a caregiver cannot use here (404).
  route(router, listGrantsEndpoint, async ({ ctx, req }) => ({
    items: await listGrants(db, ctx.actor!, actingForHeader(req)),
  }));
  route(router, inviteCaregiverEndpoint, ({ ctx, req, body }) =>
    inviteCaregiver(deps, ctx.actor!, body, actingForHeader(req)),
  );
  route(router, updateGrantEndpoint, ({ ctx, req, params, body }) =>
    updateGrant(db, ctx.actor!, params.grantId, body, actingForHeader(req)),
  );
  route(router, revokeGrantEndpoint, async ({ ctx, req, params }) => {
    await revokeGrant(db, ctx.actor!, params.grantId, actingForHeader(req));
    return undefined;
  });

  // About the signed-in caregiver themselves: X-Acting-For does not apply.
  route(router, listActingForEndpoint, async ({ ctx }) => ({
    items: await listActingFor(db, ctx.actor!),
  }));
  route(router, leaveGrantEndpoint, async ({ ctx, params }) => {
    await leaveGrant(db, ctx.actor!, params.grantId);
    return undefined;
  });
  route(router, previewInvitationEndpoint, ({ ctx, body }) =>
    previewInvitation(db, ctx.actor!, body.token),
  );
  route(router, acceptInvitationEndpoint, ({ ctx, body }) =>
    acceptInvitation(db, ctx.actor!, body.token),
  );
}
