import { randomUUID } from 'node:crypto';
import type { Generated, Selectable } from 'kysely';
import { RECORD_RESOURCE_TYPES, type RecordResourceType } from '@carecircle/core';
import type { Resource } from '@medplum/fhirtypes';
import type { ActingAs } from '../access/access.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { validateFhir, invalid, FhirInvalidError } from './fhir-validation.ts';
import { contentMac, dataKeyFor, open, seal, type DataKey, type Keyring } from './record-keys.ts';
import { PATIENT_ELEMENT, searchFieldsOf } from './search-fields.ts';

/**
 * The record store: FHIR R4 resources of one patient each, validated, encrypted at rest under
 * the patient's data key, versioned (every version kept, append-only), soft-deleted, with
 * provenance. It does not decide who may do what: services ask `access/` first and audit; the
 * store trusts the `ActingAs` it is given.
 */

export interface FhirResourcesTable {
  id: string;
  resource_type: RecordResourceType;
  patient_id: string;
  version_id: number;
  last_updated: Date;
  deleted: Generated<boolean>;
  codes: string[];
  categories: string[];
  status: string | null;
  effective_at: Date | null;
  identifiers: string[];
  content_mac: Buffer | null;
  source_kind: SourceKind;
  source_system: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  document_id: string | null;
  payload: Buffer;
}

export interface FhirResourceVersionsTable {
  resource_id: string;
  version_id: number;
  resource_type: RecordResourceType;
  patient_id: string;
  change: 'create' | 'update' | 'delete';
  changed_at: Date;
  changed_by: string | null;
  via_grant_id: string | null;
  payload: Buffer;
}

declare module '../platform/db.ts' {
  interface Database {
    fhir_resources: FhirResourcesTable;
    fhir_resource_versions: FhirResourceVersionsTable;
  }
}

export type SourceKind = 'patient' | 'provider' | 'import';

/** Provenance of a write: who entered it and from where. */
export interface RecordSourceInput {
  kind: SourceKind;
  /** The system it was imported from (a FHIR base URL, a file name). */
  system?: string | null;
}

/** The code system of the provenance tag in `meta.tag`. */
export const SOURCE_TAG_SYSTEM = 'https://carecircle.health/fhir/CodeSystem/record-source';

export interface StoredResource<R extends Resource = Resource> {
  resource: R;
  id: string;
  resourceType: RecordResourceType;
  patientId: string;
  versionId: number;
  lastUpdated: Date;
  deleted: boolean;
  source: {
    kind: SourceKind;
    system: string | null;
    createdBy: string | null;
    updatedBy: string | null;
  };
  documentId: string | null;
}

export interface StoredVersion<R extends Resource = Resource> {
  resource: R;
  versionId: number;
  change: 'create' | 'update' | 'delete';
  changedAt: Date;
  changedBy: string | null;
  viaGrantId: string | null;
}

export interface StoreContext {
  db: Db;
  keyring: Keyring;
  /** Runs in the transaction that created a resource (e.g. enqueue a new-result alert). */
  afterCreate?: CreateHook;
}

/** What may follow a resource's creation in its own transaction. */
export type CreateHook = (
  trx: Db,
  created: { resource: Resource; id: string; resourceType: RecordResourceType },
  as: ActingAs,
  source: RecordSourceInput,
) => Promise<void>;

export function isRecordResourceType(type: string): type is RecordResourceType {
  return (RECORD_RESOURCE_TYPES as readonly string[]).includes(type);
}

const aadFor = (id: string, version: number, patientId: string) =>
  `fhir:${id}:${version}:${patientId}`;

export function sealResource(
  key: DataKey,
  resource: Resource,
  id: string,
  version: number,
): Buffer {
  return seal(
    key.key,
    Buffer.from(JSON.stringify(resource), 'utf8'),
    aadFor(id, version, key.patientId),
  );
}

export function openResource<R extends Resource>(
  key: DataKey,
  payload: Buffer,
  id: string,
  version: number,
): R {
  return JSON.parse(
    open(key.key, payload, aadFor(id, version, key.patientId)).toString('utf8'),
  ) as R;
}

/** The clinical content of a resource, for de-duplication: without id, meta and text. */
function clinicalContent(resource: Resource): string {
  const { id: _id, meta: _meta, text: _text, ...rest } = resource as Resource & { text?: unknown };
  return stableStringify(rest);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** MAC of a resource's clinical content under the patient's key (equal content, equal MAC). */
export async function contentMacOf(
  ctx: StoreContext,
  patientId: string,
  resource: Resource,
): Promise<Buffer> {
  const key = await dataKeyFor(ctx.db, ctx.keyring, patientId);
  return contentMac(key, clinicalContent(resource));
}

/**
 * Checks a resource for the store: a record type, valid FHIR R4, about this patient (the patient
 * element, when given, must name them; it is set when missing).
 */
export function prepareResource(
  resource: unknown,
  patientId: string,
  expectedType?: RecordResourceType,
): Resource {
  validateFhir(resource);
  const type = resource.resourceType;
  if (!isRecordResourceType(type)) {
    throw invalid(`${type} is not a kind of record kept here.`, 'resourceType', 'not-supported');
  }
  if (expectedType && type !== expectedType) {
    throw invalid(`Expected a ${expectedType}, got a ${type}.`, 'resourceType');
  }
  const element = PATIENT_ELEMENT[type];
  const r = resource as unknown as Record<string, unknown>;
  const ref = (r[element] as { reference?: string } | undefined)?.reference;
  const expected = `Patient/${patientId}`;
  if (ref !== undefined && ref.replace(/^.*\/(Patient\/[^/]+)$/, '$1') !== expected) {
    throw invalid(
      `${type}.${element} must be ${expected}, the patient whose record this is.`,
      `${type}.${element}`,
      'business-rule',
    );
  }
  return {
    ...resource,
    [element]: { ...(r[element] as object | undefined), reference: expected },
  };
}

function withMeta(
  resource: Resource,
  id: string,
  version: number,
  at: Date,
  source: RecordSourceInput,
): Resource {
  const tags = (resource.meta?.tag ?? []).filter((t) => t.system !== SOURCE_TAG_SYSTEM);
  return {
    ...resource,
    id,
    meta: {
      ...resource.meta,
      versionId: String(version),
      lastUpdated: at.toISOString(),
      ...(source.system ? { source: source.system } : {}),
      tag: [
        ...tags,
        {
          system: SOURCE_TAG_SYSTEM,
          code: source.kind === 'patient' ? 'patient-reported' : source.kind,
        },
      ],
    },
  };
}

function toStored<R extends Resource>(
  row: Selectable<FhirResourcesTable>,
  resource: R,
): StoredResource<R> {
  return {
    resource,
    id: row.id,
    resourceType: row.resource_type,
    patientId: row.patient_id,
    versionId: row.version_id,
    lastUpdated: row.last_updated,
    deleted: row.deleted,
    source: {
      kind: row.source_kind,
      system: row.source_system,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
    },
    documentId: row.document_id,
  };
}

export interface CreateOptions {
  source: RecordSourceInput;
  /** A chosen id (imports keep none of the other system's ids; tests may pin one). */
  id?: string;
  /** The stored document a DocumentReference points at. */
  documentId?: string;
}

/** Stores a new resource for `as.patientId` (validated, encrypted, version 1). */
export async function createResource<R extends Resource>(
  ctx: StoreContext,
  as: ActingAs,
  input: unknown,
  options: CreateOptions,
): Promise<StoredResource<R>> {
  const prepared = prepareResource(input, as.patientId);
  const type = prepared.resourceType as RecordResourceType;
  const id = options.id ?? randomUUID();
  return inTransaction(ctx.db, async (trx) => {
    const key = await dataKeyFor(trx, ctx.keyring, as.patientId);
    const now = new Date();
    const resource = withMeta(prepared, id, 1, now, options.source);
    const fields = searchFieldsOf(type, resource as unknown as Record<string, unknown>);
    const payload = sealResource(key, resource, id, 1);
    const row = await trx
      .insertInto('fhir_resources')
      .values({
        id,
        resource_type: type,
        patient_id: as.patientId,
        version_id: 1,
        last_updated: now,
        codes: fields.codes,
        categories: fields.categories,
        status: fields.status,
        effective_at: fields.effectiveAt,
        identifiers: fields.identifiers,
        content_mac: contentMac(key, clinicalContent(resource)),
        source_kind: options.source.kind,
        source_system: options.source.system ?? null,
        created_by: as.actorId,
        updated_by: as.actorId,
        document_id: options.documentId ?? null,
        payload,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fhir_resource_versions')
      .values({
        resource_id: id,
        version_id: 1,
        resource_type: type,
        patient_id: as.patientId,
        change: 'create',
        changed_at: now,
        changed_by: as.actorId,
        via_grant_id: as.viaGrantId,
        payload,
      })
      .execute();
    await ctx.afterCreate?.(trx, { resource, id, resourceType: type }, as, options.source);
    return toStored(row, resource as R);
  });
}

/** A version conflict (If-Match named another version): 409/412 for the caller to map. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  readonly currentVersion: number;
  constructor(currentVersion: number) {
    super(`the resource is at version ${currentVersion}`);
    this.currentVersion = currentVersion;
  }
}

export class ResourceNotFoundError extends Error {
  override name = 'ResourceNotFoundError';
}

/** The current row of a live resource of this patient, locked for a change; 404 otherwise. */
async function lockCurrent(trx: Db, patientId: string, type: RecordResourceType, id: string) {
  const current = await trx
    .selectFrom('fhir_resources')
    .selectAll()
    .where('id', '=', id)
    .where('resource_type', '=', type)
    .where('patient_id', '=', patientId)
    .forUpdate()
    .executeTakeFirst();
  if (!current || current.deleted) throw new ResourceNotFoundError();
  return current;
}

export interface UpdateOptions {
  /** Only update when the current version is this one (FHIR If-Match). */
  ifVersion?: number;
  /** Provenance of the new version; defaults to the resource's own. */
  source?: RecordSourceInput;
}

/**
 * Replaces a resource with a new version (the previous ones stay readable). The row is locked
 * for the update, so concurrent updates get consecutive versions.
 */
export async function updateResource<R extends Resource>(
  ctx: StoreContext,
  as: ActingAs,
  type: RecordResourceType,
  id: string,
  input: unknown,
  options: UpdateOptions = {},
): Promise<StoredResource<R>> {
  const prepared = prepareResource(input, as.patientId, type);
  if (prepared.id !== undefined && prepared.id !== id) {
    throw invalid(
      `The resource's id (${prepared.id}) is not the one in the address (${id}).`,
      `${type}.id`,
    );
  }
  return inTransaction(ctx.db, async (trx) => {
    const current = await lockCurrent(trx, as.patientId, type, id);
    if (options.ifVersion !== undefined && options.ifVersion !== current.version_id) {
      throw new VersionConflictError(current.version_id);
    }
    const key = await dataKeyFor(trx, ctx.keyring, as.patientId);
    const version = current.version_id + 1;
    const now = new Date();
    const source = options.source ?? { kind: current.source_kind, system: current.source_system };
    const resource = withMeta(prepared, id, version, now, source);
    const fields = searchFieldsOf(type, resource as unknown as Record<string, unknown>);
    const payload = sealResource(key, resource, id, version);
    const row = await trx
      .updateTable('fhir_resources')
      .set({
        version_id: version,
        last_updated: now,
        codes: fields.codes,
        categories: fields.categories,
        status: fields.status,
        effective_at: fields.effectiveAt,
        identifiers: fields.identifiers,
        content_mac: contentMac(key, clinicalContent(resource)),
        source_kind: source.kind,
        source_system: source.system ?? null,
        updated_by: as.actorId,
        payload,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fhir_resource_versions')
      .values({
        resource_id: id,
        version_id: version,
        resource_type: type,
        patient_id: as.patientId,
        change: 'update',
        changed_at: now,
        changed_by: as.actorId,
        via_grant_id: as.viaGrantId,
        payload,
      })
      .execute();
    return toStored(row, resource as R);
  });
}

/** Soft delete: the resource disappears from reads and searches; its history stays. */
export async function deleteResource(
  ctx: StoreContext,
  as: ActingAs,
  type: RecordResourceType,
  id: string,
): Promise<{ versionId: number }> {
  return inTransaction(ctx.db, async (trx) => {
    const current = await lockCurrent(trx, as.patientId, type, id);
    const version = current.version_id + 1;
    const now = new Date();
    // The deletion version carries the last content (history shows what was deleted), sealed
    // for the new version number: the row keeps it too, so `includeDeleted` reads can open it.
    const key = await dataKeyFor(trx, ctx.keyring, as.patientId);
    const payload = sealResource(
      key,
      openResource(key, current.payload, id, current.version_id),
      id,
      version,
    );
    await trx
      .updateTable('fhir_resources')
      .set({
        version_id: version,
        last_updated: now,
        deleted: true,
        updated_by: as.actorId,
        payload,
      })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('fhir_resource_versions')
      .values({
        resource_id: id,
        version_id: version,
        resource_type: type,
        patient_id: as.patientId,
        change: 'delete',
        changed_at: now,
        changed_by: as.actorId,
        via_grant_id: as.viaGrantId,
        payload,
      })
      .execute();
    return { versionId: version };
  });
}

/** Opens stored rows (for the store's reads and searches). */
export async function decryptRows<R extends Resource>(
  ctx: StoreContext,
  rows: Selectable<FhirResourcesTable>[],
): Promise<StoredResource<R>[]> {
  const out: StoredResource<R>[] = [];
  for (const row of rows) {
    const key = await dataKeyFor(ctx.db, ctx.keyring, row.patient_id);
    out.push(toStored(row, openResource<R>(key, row.payload, row.id, row.version_id)));
  }
  return out;
}

/**
 * One resource of a patient, current version; undefined when missing, deleted (unless
 * `includeDeleted`) or another patient's. Without `patientId`, any patient's (the caller then
 * checks access for `patientId` of the result before showing anything).
 */
export async function readResource<R extends Resource>(
  ctx: StoreContext,
  type: RecordResourceType,
  id: string,
  options: { patientId?: string; includeDeleted?: boolean } = {},
): Promise<StoredResource<R> | undefined> {
  let q = ctx.db
    .selectFrom('fhir_resources')
    .selectAll()
    .where('id', '=', id)
    .where('resource_type', '=', type);
  if (options.patientId) q = q.where('patient_id', '=', options.patientId);
  if (!options.includeDeleted) q = q.where('deleted', '=', false);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return (await decryptRows<R>(ctx, [row]))[0];
}

/** Every version of a resource, newest first (vread and history). */
export async function resourceHistory<R extends Resource>(
  ctx: StoreContext,
  type: RecordResourceType,
  id: string,
  patientId: string,
  options: { versionId?: number } = {},
): Promise<StoredVersion<R>[]> {
  let q = ctx.db
    .selectFrom('fhir_resource_versions')
    .selectAll()
    .where('resource_id', '=', id)
    .where('resource_type', '=', type)
    .where('patient_id', '=', patientId);
  if (options.versionId !== undefined) q = q.where('version_id', '=', options.versionId);
  const rows = await q.orderBy('version_id', 'desc').execute();
  if (rows.length === 0) return [];
  const key = await dataKeyFor(ctx.db, ctx.keyring, patientId);
  return rows.map((row) => ({
    resource: openResource<R>(key, row.payload, row.resource_id, row.version_id),
    versionId: row.version_id,
    change: row.change,
    changedAt: row.changed_at,
    changedBy: row.changed_by,
    viaGrantId: row.via_grant_id,
  }));
}

export { FhirInvalidError };
