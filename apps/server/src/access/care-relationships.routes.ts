import type { Router } from 'express';
import {
  breakGlassEndpoint,
  createCareShareEndpoint,
  endCareShareEndpoint,
  listCareSharesEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  breakGlass,
  endCareShare,
  listCareShares,
  shareWithProvider,
} from './care-relationships.service.ts';
import { actingForHeader } from './grants.routes.ts';

export function careRelationshipRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;

  // The patient's own shares: X-Acting-For is honored and a caregiver cannot use it here (404).
  route(router, listCareSharesEndpoint, async ({ ctx, req }) => ({
    items: await listCareShares(db, ctx.actor!, actingForHeader(req)),
  }));
  route(router, createCareShareEndpoint, ({ ctx, req, body }) =>
    shareWithProvider(db, ctx.actor!, body, actingForHeader(req)),
  );
  route(router, endCareShareEndpoint, async ({ ctx, req, params }) => {
    await endCareShare(db, ctx.actor!, params.shareId, actingForHeader(req));
    return undefined;
  });

  // Providers only.
  route(router, breakGlassEndpoint, ({ ctx, body }) => breakGlass(deps, ctx.actor!, body));
}
