import type { Router } from 'express';
import { myAccessHistoryEndpoint, searchAuditEventsEndpoint } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { listMyAccessHistory, searchAuditEvents } from './access-history.service.ts';

export function accessHistoryRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;
  route(router, myAccessHistoryEndpoint, ({ ctx, query }) =>
    listMyAccessHistory(db, ctx.actor!, query),
  );
  route(router, searchAuditEventsEndpoint, ({ ctx, query }) =>
    searchAuditEvents(db, ctx.actor!, query),
  );
}
