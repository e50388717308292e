import type { Router } from 'express';
import {
  completeConnectionEndpoint,
  createHealthSystemEndpoint,
  disableHealthSystemEndpoint,
  listAdminHealthSystemsEndpoint,
  listConnectionsEndpoint,
  listHealthSystemsEndpoint,
  startConnectionEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../../platform/app-deps.ts';
import { route } from '../../platform/route.ts';
import {
  completeConnection,
  createHealthSystem,
  disableHealthSystem,
  listAdminHealthSystems,
  listConnections,
  listHealthSystems,
  startConnection,
} from './health-connections.service.ts';

/** "Connect a health system": admins register systems; patients connect and import. */
export function healthConnectionRoutes(router: Router, deps: AppDeps): void {
  route(router, listHealthSystemsEndpoint, () => listHealthSystems(deps));
  route(router, listAdminHealthSystemsEndpoint, ({ ctx }) =>
    listAdminHealthSystems(deps, ctx.actor!),
  );
  route(router, createHealthSystemEndpoint, ({ ctx, body }) =>
    createHealthSystem(deps, ctx.actor!, body),
  );
  route(router, disableHealthSystemEndpoint, ({ ctx, params }) =>
    disableHealthSystem(deps, ctx.actor!, params.healthSystemId),
  );
  route(router, listConnectionsEndpoint, ({ ctx }) => listConnections(deps, ctx.actor!));
  route(router, startConnectionEndpoint, ({ ctx, body }) =>
    startConnection(deps, ctx.actor!, body),
  );
  route(router, completeConnectionEndpoint, ({ ctx, body }) =>
    completeConnection(deps, ctx.actor!, body),
  );
}
