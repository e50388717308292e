import type { Router } from 'express';
import {
  IDEMPOTENCY_KEY_HEADER,
  bookAppointmentEndpoint,
  cancelAppointmentEndpoint,
  changeAppointmentStatusEndpoint,
  getAppointmentEndpoint,
  listAppointmentsEndpoint,
  rescheduleAppointmentEndpoint,
} from '@carecircle/core';
import { actingForHeader } from '../access/grants.routes.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  bookAppointment,
  cancelAppointment,
  getAppointment,
  rescheduleAppointment,
} from './appointments.service.ts';
import { parseIdempotencyKey } from './idempotency.ts';
import { reasonKeysOf } from './appointments.service.ts';
import { listAppointments } from './appointments-list.service.ts';
import { changeAppointmentStatus } from './appointment-status.service.ts';

export function appointmentRoutes(router: Router, deps: AppDeps): void {
  const keys = reasonKeysOf(deps);

  route(router, bookAppointmentEndpoint, ({ ctx, req, body }) =>
    bookAppointment(deps, ctx.actor!, body, {
      actingFor: actingForHeader(req),
      idempotencyKey: parseIdempotencyKey(req.get(IDEMPOTENCY_KEY_HEADER)),
    }),
  );
  route(router, listAppointmentsEndpoint, async ({ ctx, req, query }) => ({
    items: await listAppointments(keys, ctx.actor!, query, actingForHeader(req)),
  }));
  route(router, getAppointmentEndpoint, ({ ctx, params }) =>
    getAppointment(keys, ctx.actor!, params.appointmentId),
  );
  route(router, rescheduleAppointmentEndpoint, ({ ctx, params, body }) =>
    rescheduleAppointment(deps, ctx.actor!, params.appointmentId, body),
  );
  route(router, cancelAppointmentEndpoint, ({ ctx, params, body }) =>
    cancelAppointment(deps, ctx.actor!, params.appointmentId, body),
  );
  route(router, changeAppointmentStatusEndpoint, ({ ctx, params, body }) =>
    changeAppointmentStatus(deps, ctx.actor!, params.appointmentId, body),
  );
}
