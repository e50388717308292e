import type { Router } from 'express';
import { realtimeCatchUpEndpoint } from '@carecircle/core';
import type { AppDeps } from './app-deps.ts';
import { route } from './route.ts';

/**
 * `GET /api/v1/realtime/events`: the signed-in person's own events after an id, for a client
 * that prefers HTTP to catch up (the socket's `resume` does the same). Events carry ids only.
 */
export function realtimeRoutes(router: Router, deps: AppDeps): void {
  route(router, realtimeCatchUpEndpoint, async ({ ctx, query }) => {
    const events = await deps.realtime.eventsAfter(ctx.actor!.id, query.after, query.limit + 1);
    return { events: events.slice(0, query.limit), more: events.length > query.limit };
  });
}
