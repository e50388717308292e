import type { Router } from 'express';
import {
  firstAvailableEndpoint,
  getProviderEndpoint,
  listProvidersEndpoint,
  listSlotsEndpoint,
} from '@carecircle/core';
import { route } from '../platform/route.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { firstAvailable, getProvider, listProviders, listSlots } from './providers.service.ts';

/** Public provider search and slots: no sign-in, no patient data. */
export function providerRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;
  route(router, listProvidersEndpoint, async ({ query }) => ({
    items: await listProviders(db, query),
  }));
  route(router, firstAvailableEndpoint, async ({ query }) => ({
    items: await firstAvailable(db, query),
  }));
  route(router, getProviderEndpoint, ({ params }) => getProvider(db, params.providerId));
  route(router, listSlotsEndpoint, ({ params, query }) => listSlots(db, params.providerId, query));
}
