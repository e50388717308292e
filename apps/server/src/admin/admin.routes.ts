import type { Router } from 'express';
import {
  listAdminAccountsEndpoint,
  reinstateAccountEndpoint,
  suspendAccountEndpoint,
  verifyProviderEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  listAccountsForAdmin,
  reinstateAccount,
  suspendAccount,
  verifyProvider,
} from './admin.service.ts';

export function adminRoutes(router: Router, deps: AppDeps): void {
  route(router, listAdminAccountsEndpoint, ({ ctx, query }) =>
    listAccountsForAdmin(deps, ctx.actor!, query),
  );
  route(router, verifyProviderEndpoint, ({ ctx, params }) =>
    verifyProvider(deps, ctx.actor!, params.accountId),
  );
  route(router, suspendAccountEndpoint, ({ ctx, params, body }) =>
    suspendAccount(deps, ctx.actor!, params.accountId, body?.reason),
  );
  route(router, reinstateAccountEndpoint, ({ ctx, params }) =>
    reinstateAccount(deps, ctx.actor!, params.accountId),
  );
}
