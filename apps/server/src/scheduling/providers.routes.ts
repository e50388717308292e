import type { Router } from 'express';
import { listProvidersEndpoint } from '@carecircle/core';
import { route } from '../platform/route.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { listProviders } from './providers.service.ts';

export function providerRoutes(router: Router, deps: AppDeps): void {
  route(router, listProvidersEndpoint, async ({ query }) => ({
    items: await listProviders(deps.database.db, query),
  }));
}
