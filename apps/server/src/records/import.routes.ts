import type { Router } from 'express';
import { importBundleEndpoint } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { recordAccess } from './record-access.ts';
import { keyringFor } from './record-keys.ts';
import { importBundle } from './import.service.ts';
import { resultAlertHook } from './result-alerts.ts';

/** Import of a FHIR R4 Bundle into the record: all or nothing. */
export function importRoutes(router: Router, deps: AppDeps): void {
  const db = deps.database.db;
  route(router, importBundleEndpoint, async ({ query, body, ctx, req }) => {
    const access = await recordAccess(db, ctx.actor!, req, query, 'write');
    const store = {
      db,
      keyring: keyringFor(deps.config),
      afterCreate: resultAlertHook(deps.jobs),
    };
    return importBundle(store, access.as, body, { source: query.source });
  });
}
