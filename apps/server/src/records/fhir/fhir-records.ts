import { RECORD_RESOURCE_TYPES, readActionsFor, type RecordResourceType } from '@carecircle/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { can, recordAuditAs, type ActingAs } from '../../access/access.ts';
import type { Db } from '../../platform/db.ts';
import type { Actor } from '../../platform/request-context.ts';
import { invalid } from '../fhir-validation.ts';
import {
  createResource,
  deleteResource,
  readResource,
  resourceHistory,
  updateResource,
  type StoreContext,
  type StoredResource,
  type StoredVersion,
} from '../record-store.ts';
import { searchResources } from '../record-search.ts';
import { PATIENT_ELEMENT, tokens } from '../search-fields.ts';
import {
  appCategoryFilter,
  assertAppAllows,
  assertCanAny,
  assertCanRead,
  assertCanWrite,
  defaultPatient,
} from './fhir-auth.ts';
import { historyBundle, searchsetBundle } from './fhir-bundles.ts';
import { FhirError, fhirBadRequest, fhirNotFound } from './fhir-errors.ts';
import {
  isOurId,
  knownParams,
  parsePaging,
  parseRecordSearch,
  parseReference,
  RECORD_SEARCH_PARAMS,
  type SearchParams,
} from './fhir-search.ts';

/**
 * The FHIR interactions on record resources (Condition, Observation, …): read, vread, history,
 * create, update, delete and search, over the record store. Each asks both layers of
 * `fhir-auth.ts` and leaves an audit event with the resource type and id (never values).
 */

export interface FhirEnv {
  db: Db;
  store: StoreContext;
  /** The FHIR base URL (absolute). */
  base: string;
}

function audit(
  db: Db,
  as: ActingAs,
  action: string,
  type: string,
  id: string | null,
  details: Record<string, string | number> = {},
): Promise<void> {
  return recordAuditAs(db, as, {
    action,
    outcome: 'success',
    subjectType: type,
    subjectId: id,
    details: { resourceType: type, ...details },
  });
}

const categoriesOf = (resource: Resource) => tokens((resource as { category?: unknown }).category);

/**
 * The current version as the caller may see it: 404 when missing, deleted or not theirs.
 * (Deleted resources answer 404 rather than 410: the store's row of a deleted resource is not
 * readable on its own, see the report.)
 */
async function visible(env: FhirEnv, actor: Actor, type: RecordResourceType, id: string) {
  if (!isOurId(id)) throw fhirNotFound();
  const stored = await readResource(env.store, type, id);
  if (!stored) throw fhirNotFound();
  const as = await assertCanRead(env.db, actor, type, stored.patientId);
  assertAppAllows(actor, type, 'r', {
    patientId: stored.patientId,
    categories: categoriesOf(stored.resource),
  });
  return { stored, as };
}

const gone = () => new FhirError(410, 'deleted', 'This resource was deleted.');

export async function readRecord(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  id: string,
): Promise<StoredResource> {
  const { stored, as } = await visible(env, actor, type, id);
  await audit(env.db, as, 'records.read', type, id);
  return stored;
}

export async function vreadRecord(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  id: string,
  versionId: string,
): Promise<StoredVersion> {
  const { stored, as } = await visible(env, actor, type, id);
  if (!/^[1-9]\d{0,8}$/.test(versionId)) throw fhirNotFound('There is no such version.');
  const [version] = await resourceHistory(env.store, type, id, stored.patientId, {
    versionId: Number(versionId),
  });
  if (!version) throw fhirNotFound('There is no such version.');
  if (version.change === 'delete') throw gone();
  await audit(env.db, as, 'records.read', type, id, { versionId: version.versionId });
  return version;
}

export async function recordHistory(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  id: string,
): Promise<Bundle> {
  const { stored, as } = await visible(env, actor, type, id);
  const versions = await resourceHistory(env.store, type, id, stored.patientId);
  await audit(env.db, as, 'records.history', type, id, { results: versions.length });
  return historyBundle(env.base, type, id, versions);
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('A FHIR resource must be a JSON object.', undefined, 'structure');
  }
  return body as Record<string, unknown>;
}

function checkType(body: Record<string, unknown>, type: RecordResourceType): void {
  if (body.resourceType !== type) {
    throw fhirBadRequest(
      `The body is ${typeof body.resourceType === 'string' ? `a ${body.resourceType}` : 'not a resource'}, but the address is for ${type}.`,
      'resourceType',
    );
  }
}

/** What the server sets itself is not taken from the client (version, time, provenance). */
function withoutServerMeta(body: Record<string, unknown>): Record<string, unknown> {
  const meta = body.meta as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') return body;
  const { versionId: _v, lastUpdated: _l, source: _s, ...rest } = meta;
  return { ...body, meta: rest };
}

export async function createRecord(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  input: unknown,
): Promise<StoredResource> {
  const body = asObject(input);
  checkType(body, type);
  const element = PATIENT_ELEMENT[type];
  const ref = (body[element] as { reference?: unknown } | undefined)?.reference;
  const patientId =
    typeof ref === 'string'
      ? parseReference(ref, `${type}.${element}`, 'Patient')
      : defaultPatient(actor, `${type}.${element}`);
  const as = await assertCanWrite(env.db, actor, type, patientId);
  assertAppAllows(actor, type, 'c', { patientId, categories: tokens(body.category) });
  const kind =
    actor.id.toLowerCase() !== patientId && actor.roles.includes('provider')
      ? 'provider'
      : 'patient';
  const stored = await createResource(env.store, as, withoutServerMeta(body), {
    source: { kind },
  });
  await audit(env.db, as, 'records.create', type, stored.id);
  return stored;
}

export async function updateRecord(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  id: string,
  input: unknown,
  ifVersion: number | undefined,
): Promise<StoredResource> {
  const body = asObject(input);
  checkType(body, type);
  if (body.id === undefined) throw invalid('An update names the resource id.', `${type}.id`);
  if (!isOurId(id)) throw fhirNotFound();
  const current = await readResource(env.store, type, id);
  if (!current) throw fhirNotFound();
  const as = await assertCanWrite(env.db, actor, type, current.patientId);
  assertAppAllows(actor, type, 'u', {
    patientId: current.patientId,
    categories: categoriesOf(current.resource),
  });
  const stored = await updateResource(env.store, as, type, id, withoutServerMeta(body), {
    ifVersion,
  });
  await audit(env.db, as, 'records.update', type, id, { versionId: stored.versionId });
  return stored;
}

export async function deleteRecord(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  id: string,
): Promise<void> {
  if (!isOurId(id)) throw fhirNotFound();
  const current = await readResource(env.store, type, id);
  if (!current) throw fhirNotFound();
  const as = await assertCanWrite(env.db, actor, type, current.patientId);
  assertAppAllows(actor, type, 'd', {
    patientId: current.patientId,
    categories: categoriesOf(current.resource),
  });
  await deleteResource(env.store, as, type, id);
  await audit(env.db, as, 'records.delete', type, id);
}

/** Tokens in both lists (a bare code matches the same code with a system). */
export function intersectTokens(asked: readonly string[], allowed: readonly string[]): string[] {
  const codeOf = (t: string) => t.slice(t.indexOf('|') + 1);
  const out = new Set<string>();
  for (const a of asked) {
    for (const f of allowed) {
      if (a === f) out.add(a);
      else if (a.includes('|') && !f.includes('|') && codeOf(a) === f) out.add(a);
      else if (f.includes('|') && !a.includes('|') && codeOf(f) === a) out.add(f);
    }
  }
  return [...out];
}

export async function searchRecords(
  env: FhirEnv,
  actor: Actor,
  type: RecordResourceType,
  raw: SearchParams,
  lenient: boolean,
): Promise<Bundle> {
  const params = knownParams(raw, RECORD_SEARCH_PARAMS, lenient);
  const search = parseRecordSearch(params);
  const patientId = search.patient ?? defaultPatient(actor);
  const as = await assertCanRead(env.db, actor, type, patientId);
  assertAppAllows(actor, type, 's', { patientId });
  const { query } = search;
  let categories = query.categories ?? [];
  const filter = appCategoryFilter(actor, type, 's');
  if (filter) categories = categories.length ? intersectTokens(categories, filter) : filter;
  const result =
    filter && categories.length === 0
      ? { items: [], total: 0 }
      : await searchResources(env.store, {
          ...query,
          categories,
          patientIds: [patientId],
          types: [type],
        });
  await audit(env.db, as, 'records.search', type, null, { results: result.items.length });
  return searchsetBundle({
    base: env.base,
    path: type,
    params: { ...params, patient: `Patient/${patientId}`, subject: undefined },
    matches: result.items.map((i) => i.resource),
    count: query.count,
    offset: query.offset ?? 0,
    total: result.total,
  });
}

/**
 * `Patient/{id}/$everything`: the patient and every record resource the caller may read (types
 * the app's scopes narrow to some categories are left out), newest first, paged by `_count`.
 */
export async function everything(
  env: FhirEnv,
  actor: Actor,
  patientId: string,
  raw: SearchParams,
  lenient: boolean,
  patient: () => Promise<Resource | undefined>,
): Promise<Bundle> {
  const params = knownParams(raw, [], lenient);
  const paging = parsePaging(params);
  const as = await assertCanAny(env.db, actor, ['medications:read', 'records:read'], patientId);
  const types: RecordResourceType[] = [];
  for (const type of RECORD_RESOURCE_TYPES) {
    let person = false;
    for (const action of readActionsFor(type)) {
      if (await can(env.db, actor, action, { patientId })) person = true;
    }
    if (!person) continue;
    try {
      assertAppAllows(actor, type, 'r', { patientId });
    } catch {
      continue;
    }
    if (appCategoryFilter(actor, type, 'r') === null) types.push(type);
  }
  let withPatient: Resource | undefined;
  try {
    assertAppAllows(actor, 'Patient', 'r', { patientId });
    withPatient = await patient();
  } catch {
    withPatient = undefined;
  }
  const extra = withPatient ? 1 : 0;
  // The Patient is the first match of the first page; records follow.
  const offset = Math.max(0, paging.offset - extra);
  const count = paging.offset === 0 ? Math.max(0, paging.count - extra) : paging.count;
  const result =
    types.length === 0
      ? { items: [], total: 0 }
      : await searchResources(env.store, {
          patientIds: [patientId],
          types,
          count,
          offset,
          total: true,
        });
  await audit(env.db, as, 'records.search', 'Patient', patientId, {
    operation: 'everything',
    results: result.items.length,
  });
  return searchsetBundle({
    base: env.base,
    path: `Patient/${patientId}/$everything`,
    params,
    matches: [
      ...(withPatient && paging.offset === 0 && paging.count > 0 ? [withPatient] : []),
      ...result.items.map((i) => i.resource),
    ],
    count: paging.count,
    offset: paging.offset,
    total: (result.total ?? 0) + extra,
  });
}
