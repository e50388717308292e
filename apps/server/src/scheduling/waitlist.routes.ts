import type { Router } from 'express';
import {
  acceptWaitlistOfferEndpoint,
  declineWaitlistOfferEndpoint,
  joinWaitlistEndpoint,
  leaveWaitlistEndpoint,
  listWaitlistEndpoint,
} from '@carecircle/core';
import { actingForHeader } from '../access/grants.routes.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { loadAppointment, reasonKeysOf } from './appointments.service.ts';
import {
  acceptWaitlistOffer,
  declineWaitlistOffer,
  joinWaitlist,
  leaveWaitlist,
  listWaitlist,
} from './waitlist.service.ts';

export function waitlistRoutes(router: Router, deps: AppDeps): void {
  route(router, joinWaitlistEndpoint, ({ ctx, req, body }) =>
    joinWaitlist(deps, ctx.actor!, body, actingForHeader(req)),
  );
  route(router, listWaitlistEndpoint, async ({ ctx }) => ({
    items: await listWaitlist(deps, ctx.actor!),
  }));
  route(router, leaveWaitlistEndpoint, async ({ ctx, params }) => {
    await leaveWaitlist(deps, ctx.actor!, params.entryId);
    return undefined;
  });
  route(router, acceptWaitlistOfferEndpoint, async ({ ctx, params }) =>
    loadAppointment(
      reasonKeysOf(deps),
      await acceptWaitlistOffer(deps, ctx.actor!, params.offerId),
    ),
  );
  route(router, declineWaitlistOfferEndpoint, async ({ ctx, params }) => {
    await declineWaitlistOffer(deps, ctx.actor!, params.offerId);
    return undefined;
  });
}
