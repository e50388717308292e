import type { Request, Router } from 'express';
import {
  ACTING_FOR_HEADER,
  adherenceEndpoint,
  answerDoseEndpoint,
  createMedicationScheduleEndpoint,
  deleteMedicationScheduleEndpoint,
  listDosesEndpoint,
  listMedicationSchedulesEndpoint,
  updateMedicationScheduleEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { keyringFor } from '../records/record-keys.ts';
import type { StoreContext } from '../records/record-store.ts';
import { getAdherence } from './adherence.service.ts';
import { answerDose, listDoses } from './doses.service.ts';
import type { MedicationTarget } from './medication-access.ts';
import {
  createSchedule,
  deleteSchedule,
  listSchedules,
  updateSchedule,
} from './schedules.service.ts';

/** Whose medicines: `patientId` in the query, else the `X-Acting-For` header, else one's own. */
const targetOf = (req: Request, query: { patientId?: string } = {}): MedicationTarget => ({
  patientId: query.patientId,
  actingFor: req.get(ACTING_FOR_HEADER) ?? undefined,
});

/** Medication schedules, doses and adherence (`/api/v1/medications/*`). */
export function medicationRoutes(router: Router, deps: AppDeps): void {
  const store: StoreContext = { db: deps.database.db, keyring: keyringFor(deps.config) };

  route(router, listMedicationSchedulesEndpoint, ({ ctx, req, query }) =>
    listSchedules(deps, store, ctx.actor!, targetOf(req, query)),
  );
  route(router, createMedicationScheduleEndpoint, ({ ctx, req, query, body }) =>
    createSchedule(deps, store, ctx.actor!, targetOf(req, query), body),
  );
  route(router, updateMedicationScheduleEndpoint, ({ ctx, params, body }) =>
    updateSchedule(deps, store, ctx.actor!, params.scheduleId, body),
  );
  route(router, deleteMedicationScheduleEndpoint, async ({ ctx, params }) => {
    await deleteSchedule(deps, ctx.actor!, params.scheduleId);
    return undefined;
  });
  route(router, listDosesEndpoint, ({ ctx, req, query }) =>
    listDoses(deps, store, ctx.actor!, targetOf(req, query), query),
  );
  route(router, answerDoseEndpoint, ({ ctx, params, body }) =>
    answerDose(deps, store, ctx.actor!, params.doseId, body),
  );
  route(router, adherenceEndpoint, ({ ctx, req, query }) =>
    getAdherence(deps, store, ctx.actor!, targetOf(req, query), query.days),
  );
}
