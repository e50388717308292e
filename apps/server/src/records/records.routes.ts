import type { Request, Router } from 'express';
import {
  ACTING_FOR_HEADER,
  addRecordEntryEndpoint,
  deleteRecordEntryEndpoint,
  exportRecordEndpoint,
  getRecordEntryEndpoint,
  recordSummaryEndpoint,
  recordTimelineEndpoint,
  resultTrendEndpoint,
  setRecordEntryStatusEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { keyringFor } from './record-keys.ts';
import { resultAlertHook } from './result-alerts.ts';
import {
  addRecordEntry,
  deleteRecordEntry,
  getRecordEntry,
  setRecordEntryStatus,
  type RecordsContext,
  type RecordTarget,
} from './records.service.ts';
import {
  exportRecord,
  getRecordSummary,
  getRecordTimeline,
  getResultTrend,
} from './record-overview.service.ts';

/** Whose record: `patientId` in the query, else the `X-Acting-For` header, else one's own. */
const targetOf = (req: Request, query: { patientId?: string }): RecordTarget => ({
  patientId: query.patientId,
  actingFor: req.get(ACTING_FOR_HEADER) ?? undefined,
});

/** The records JSON API (`/api/v1/records/*`): summary, timeline, trends, entries, export. */
export function recordsRoutes(router: Router, deps: AppDeps): void {
  const ctx: RecordsContext = {
    db: deps.database.db,
    keyring: keyringFor(deps.config),
    afterCreate: resultAlertHook(deps.jobs),
    fhirBase: `${deps.config.publicUrl}/fhir/R4`,
  };

  route(router, recordSummaryEndpoint, ({ ctx: request, req, query }) =>
    getRecordSummary(ctx, request.actor!, targetOf(req, query)),
  );
  route(router, recordTimelineEndpoint, ({ ctx: request, req, query }) =>
    getRecordTimeline(ctx, request.actor!, targetOf(req, query), query),
  );
  route(router, resultTrendEndpoint, ({ ctx: request, req, query }) =>
    getResultTrend(ctx, request.actor!, targetOf(req, query), query.code),
  );
  route(router, addRecordEntryEndpoint, ({ ctx: request, req, query, body }) =>
    addRecordEntry(ctx, request.actor!, targetOf(req, query), body),
  );
  route(router, getRecordEntryEndpoint, ({ ctx: request, req, query, params }) =>
    getRecordEntry(ctx, request.actor!, targetOf(req, query), params.resourceType, params.id),
  );
  route(router, setRecordEntryStatusEndpoint, ({ ctx: request, req, query, params, body }) =>
    setRecordEntryStatus(
      ctx,
      request.actor!,
      targetOf(req, query),
      params.resourceType,
      params.id,
      body.status,
    ),
  );
  route(router, deleteRecordEntryEndpoint, async ({ ctx: request, req, query, params }) => {
    await deleteRecordEntry(
      ctx,
      request.actor!,
      targetOf(req, query),
      params.resourceType,
      params.id,
    );
    return undefined;
  });
  route(router, exportRecordEndpoint, async ({ ctx: request, req, query, res }) => {
    const { bundle, filename } = await exportRecord(ctx, request.actor!, targetOf(req, query));
    res
      .status(200)
      .type('application/fhir+json')
      .setHeader('Content-Disposition', `attachment; filename="${filename}"`)
      .send(JSON.stringify(bundle));
    return {};
  });
}
