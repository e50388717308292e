import type { Router } from 'express';
import {
  addTimeOffEndpoint,
  createAppointmentTypeEndpoint,
  deleteDateOverrideEndpoint,
  deleteTimeOffEndpoint,
  getAvailabilityEndpoint,
  getPracticeProfileEndpoint,
  listAppointmentTypesEndpoint,
  listPracticePatientsEndpoint,
  setDateOverrideEndpoint,
  setWeeklyHoursEndpoint,
  updateAppointmentTypeEndpoint,
  updatePracticeProfileEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import {
  addTimeOff,
  createAppointmentType,
  deleteDateOverride,
  deleteTimeOff,
  getAvailability,
  getPracticeProfile,
  listAppointmentTypes,
  listPracticePatients,
  setDateOverride,
  setPracticeWeeklyHours,
  updateAppointmentType,
  updatePracticeProfile,
} from './practice.service.ts';

/** The signed-in provider's own practice (`/api/v1/practice/*`). */
export function practiceRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;
  route(router, getPracticeProfileEndpoint, ({ ctx }) => getPracticeProfile(db, ctx.actor!));
  route(router, updatePracticeProfileEndpoint, ({ ctx, body }) =>
    updatePracticeProfile(db, ctx.actor!, body),
  );
  route(router, listAppointmentTypesEndpoint, async ({ ctx }) => ({
    items: await listAppointmentTypes(db, ctx.actor!),
  }));
  route(router, createAppointmentTypeEndpoint, ({ ctx, body }) =>
    createAppointmentType(db, ctx.actor!, body),
  );
  route(router, updateAppointmentTypeEndpoint, ({ ctx, params, body }) =>
    updateAppointmentType(db, ctx.actor!, params.appointmentTypeId, body),
  );
  route(router, getAvailabilityEndpoint, ({ ctx }) => getAvailability(db, ctx.actor!));
  route(router, setWeeklyHoursEndpoint, ({ ctx, body }) =>
    setPracticeWeeklyHours(db, ctx.actor!, body.weeklyHours),
  );
  route(router, setDateOverrideEndpoint, ({ ctx, params, body }) =>
    setDateOverride(db, ctx.actor!, params.date, body.intervals),
  );
  route(router, deleteDateOverrideEndpoint, ({ ctx, params }) =>
    deleteDateOverride(db, ctx.actor!, params.date),
  );
  route(router, addTimeOffEndpoint, ({ ctx, body }) => addTimeOff(db, ctx.actor!, body));
  route(router, deleteTimeOffEndpoint, ({ ctx, params }) =>
    deleteTimeOff(db, ctx.actor!, params.timeOffId),
  );
  route(router, listPracticePatientsEndpoint, async ({ ctx }) => ({
    items: await listPracticePatients(db, ctx.actor!),
  }));
}
