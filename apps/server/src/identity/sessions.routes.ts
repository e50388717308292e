import type { Request, Router } from 'express';
import { decodeJwt } from 'jose';
import {
  listMySessionsEndpoint,
  revokeMySessionEndpoint,
  revokeOtherSessionsEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { listSessions, revokeOtherSessions, revokeSession } from './sessions.service.ts';

/** The `sid` of the access token this request came with (authenticate has verified it). */
function currentSid(req: Request): string | undefined {
  const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!token) return undefined;
  const { sid } = decodeJwt(token);
  return typeof sid === 'string' ? sid : undefined;
}

export function sessionRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;

  route(router, listMySessionsEndpoint, async ({ ctx, req }) => ({
    items: await listSessions(db, ctx.actor!, currentSid(req)),
  }));

  route(router, revokeMySessionEndpoint, async ({ ctx, params }) => {
    await revokeSession(db, ctx.actor!, params.sessionId);
    return undefined;
  });

  route(router, revokeOtherSessionsEndpoint, async ({ ctx, req }) => ({
    revoked: await revokeOtherSessions(db, ctx.actor!, currentSid(req)),
  }));
}
