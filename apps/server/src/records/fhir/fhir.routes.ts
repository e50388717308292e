import express, { type Request, type RequestHandler, type Router } from 'express';
import { RECORD_RESOURCE_TYPES, type RecordResourceType } from '@carecircle/core';
import type { AppDeps } from '../../platform/app-deps.ts';
import { authenticate } from '../../identity/authenticate.ts';
import { apiAudienceFor, fhirBaseFor } from '../../identity/oidc.ts';
import { keyringFor } from '../record-keys.ts';
import { resultAlertHook } from '../result-alerts.ts';
import { isRecordResourceType } from '../record-store.ts';
import { capabilityStatement } from './capability.ts';
import { requireActor } from './fhir-auth.ts';
import { searchAuditEvents } from './fhir-audit.ts';
import { readBinary, toBinary } from './fhir-binary.ts';
import {
  fhirBadRequest,
  fhirErrorHandler,
  fhirMethodNotAllowed,
  fhirNotFound,
  fhirUnsupportedMediaType,
  fhirUnsupportedType,
} from './fhir-errors.ts';
import { sendFhir, versionHeaders } from './fhir-http.ts';
import { readPatient, readPractitioner, searchPatients, loadPatient } from './fhir-people.ts';
import {
  createRecord,
  deleteRecord,
  everything,
  readRecord,
  recordHistory,
  searchRecords,
  updateRecord,
  vreadRecord,
  type FhirEnv,
} from './fhir-records.ts';
import {
  readAppointment,
  searchAppointments,
  searchSchedules,
  searchSlots,
} from './fhir-scheduling.ts';
import { isLenient, isOurId, type SearchParams } from './fhir-search.ts';

/** Types served here that are views of other features: read or search only. */
const VIEW_TYPES = [
  'Patient',
  'Practitioner',
  'Schedule',
  'Slot',
  'Appointment',
  'AuditEvent',
  'Binary',
];

const BODY_TYPES = ['application/fhir+json', 'application/json'];

/** 415 for a body that is neither FHIR JSON nor (for `_search`) a form. */
const requireKnownBodyType: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (!hasBody) return next();
  const isSearch = req.method === 'POST' && req.path.endsWith('/_search');
  if (!req.is(isSearch ? [...BODY_TYPES, 'application/x-www-form-urlencoded'] : BODY_TYPES)) {
    throw fhirUnsupportedMediaType();
  }
  next();
};

/** The record type in the address: 405 for a view type, 404 for a type not offered. */
function recordType(type: string | undefined, interaction: string): RecordResourceType {
  if (type && isRecordResourceType(type)) return type;
  if (type && VIEW_TYPES.includes(type)) {
    throw fhirMethodNotAllowed(`${type} resources cannot be ${interaction} here.`);
  }
  throw fhirUnsupportedType(type ?? '');
}

function ifMatchVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) throw fhirBadRequest('If-Match must be a version ETag, like W/"3".', 'If-Match');
  return Number(m[1]);
}

const queryOf = (req: Request) => req.query as SearchParams;
const lenientOf = (req: Request) => isLenient(req.get('prefer'));
const wantsMinimal = (req: Request) => /return\s*=\s*minimal/i.test(req.get('prefer') ?? '');

/** The FHIR R4 endpoint, mounted at `/fhir/R4`. */
export function fhirRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const db = deps.database.db;
  const base = fhirBaseFor(deps.config);
  const store = {
    db,
    keyring: keyringFor(deps.config),
    afterCreate: resultAlertHook(deps.jobs),
  };
  const env = (): FhirEnv => ({ db, store, base });

  router.use(requireKnownBodyType);
  router.use(express.json({ type: BODY_TYPES, limit: '5mb', strict: true }));
  router.use(express.urlencoded({ type: 'application/x-www-form-urlencoded', extended: false }));

  router.get('/metadata', (_req, res) => {
    sendFhir(
      res,
      200,
      capabilityStatement({ base, issuer: deps.oidc.issuer, version: deps.config.version }),
    );
  });

  // First-party apps (API audience) and SMART apps (the FHIR base as audience).
  router.use(authenticate(deps.oidc, db, { audiences: [apiAudienceFor(deps.config), base] }));

  // People and scheduling: views of other features, read and search only.
  router.get('/Patient/:id/$everything', async (req, res) => {
    const actor = requireActor();
    const id = req.params.id;
    if (!isOurId(id)) throw fhirNotFound();
    const bundle = await everything(
      env(),
      actor,
      id.toLowerCase(),
      queryOf(req),
      lenientOf(req),
      () => loadPatient(db, id),
    );
    sendFhir(res, 200, bundle);
  });
  router.get('/Patient/:id', async (req, res) => {
    const patient = await readPatient(env(), requireActor(), req.params.id);
    sendFhir(res, 200, patient);
  });
  router.get('/Patient', async (req, res) => {
    sendFhir(res, 200, await searchPatients(env(), requireActor(), queryOf(req), lenientOf(req)));
  });
  router.get('/Practitioner/:id', async (req, res) => {
    sendFhir(res, 200, await readPractitioner(env(), requireActor(), req.params.id));
  });
  router.get('/Schedule', async (req, res) => {
    sendFhir(res, 200, await searchSchedules(env(), requireActor(), queryOf(req), lenientOf(req)));
  });
  router.get('/Slot', async (req, res) => {
    sendFhir(res, 200, await searchSlots(env(), requireActor(), queryOf(req), lenientOf(req)));
  });
  router.get('/Appointment/:id', async (req, res) => {
    sendFhir(res, 200, await readAppointment(env(), requireActor(), req.params.id));
  });
  router.get('/Appointment', async (req, res) => {
    const bundle = await searchAppointments(env(), requireActor(), queryOf(req), lenientOf(req));
    sendFhir(res, 200, bundle);
  });
  router.get('/AuditEvent', async (req, res) => {
    const bundle = await searchAuditEvents(env(), requireActor(), queryOf(req), lenientOf(req));
    sendFhir(res, 200, bundle);
  });

  // A document's bytes: raw, or a Binary resource when FHIR JSON is asked for.
  router.get('/Binary/:id', async (req, res) => {
    const content = await readBinary(env(), requireActor(), req.params.id);
    if (/application\/(fhir\+)?json/.test(req.get('accept') ?? '')) {
      sendFhir(res, 200, toBinary(content));
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', content.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${content.filename}"`);
    res.send(content.bytes);
  });

  // Record types: read, vread, history, create, update, delete, search.
  router.get('/:type/:id/_history/:vid', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'read by version');
    const v = await vreadRecord(env(), actor, type, req.params.id, req.params.vid);
    sendFhir(res, 200, v.resource, versionHeaders(v.versionId, v.changedAt));
  });
  router.get('/:type/:id/_history', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'read as a history');
    sendFhir(res, 200, await recordHistory(env(), actor, type, req.params.id));
  });
  router.get('/:type/:id', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'read');
    const stored = await readRecord(env(), actor, type, req.params.id);
    sendFhir(res, 200, stored.resource, versionHeaders(stored.versionId, stored.lastUpdated));
  });
  router.put('/:type/:id', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'updated');
    const ifVersion = ifMatchVersion(req);
    const stored = await updateRecord(env(), actor, type, req.params.id, req.body, ifVersion);
    sendFhir(
      res,
      200,
      wantsMinimal(req) ? undefined : stored.resource,
      versionHeaders(stored.versionId, stored.lastUpdated),
    );
  });
  router.delete('/:type/:id', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'deleted');
    await deleteRecord(env(), actor, type, req.params.id);
    sendFhir(res, 204, undefined);
  });
  router.get('/:type', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'searched');
    sendFhir(res, 200, await searchRecords(env(), actor, type, queryOf(req), lenientOf(req)));
  });
  router.post('/:type/_search', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'searched with POST');
    const form = req.is('application/x-www-form-urlencoded') ? (req.body as SearchParams) : {};
    const params = { ...queryOf(req), ...form };
    sendFhir(res, 200, await searchRecords(env(), actor, type, params, lenientOf(req)));
  });
  router.post('/:type', async (req, res) => {
    const actor = requireActor();
    const type = recordType(req.params.type, 'created');
    const stored = await createRecord(env(), actor, type, req.body);
    sendFhir(res, 201, wantsMinimal(req) ? undefined : stored.resource, {
      Location: `${base}/${type}/${stored.id}/_history/${stored.versionId}`,
      ...versionHeaders(stored.versionId, stored.lastUpdated),
    });
  });

  // Anything else: 405 for a known address with another method, 404 otherwise.
  router.use((req) => {
    const [, type] = req.path.split('/');
    const known =
      type !== undefined &&
      ((RECORD_RESOURCE_TYPES as readonly string[]).includes(type) || VIEW_TYPES.includes(type));
    if (known && /^\/[A-Za-z]+(\/[A-Za-z0-9.-]{1,64})?$/.test(req.path)) {
      throw fhirMethodNotAllowed(`${req.method} is not offered on ${type}.`);
    }
    if (type && /^[A-Z][A-Za-z]+$/.test(type) && !known) throw fhirUnsupportedType(type);
    throw fhirNotFound(`There is nothing at ${req.path}.`);
  });
  router.use(fhirErrorHandler);
  return router;
}
