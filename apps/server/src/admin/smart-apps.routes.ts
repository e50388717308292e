import type { Router } from 'express';
import {
  disableSmartAppEndpoint,
  listSmartAppsEndpoint,
  registerSmartAppEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { disableSmartApp, listSmartApps, registerSmartApp } from './smart-apps.service.ts';

/** Admins register, list and disable third-party SMART apps. */
export function smartAppRoutes(router: Router, deps: AppDeps): void {
  route(router, listSmartAppsEndpoint, ({ ctx }) => listSmartApps(deps, ctx.actor!));
  route(router, registerSmartAppEndpoint, ({ ctx, body }) =>
    registerSmartApp(deps, ctx.actor!, body),
  );
  route(router, disableSmartAppEndpoint, ({ ctx, params }) =>
    disableSmartApp(deps, ctx.actor!, params.clientId),
  );
}
