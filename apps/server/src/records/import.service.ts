import { randomUUID } from 'node:crypto';
import type { FieldError, ImportSummary, RecordResourceType } from '@carecircle/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { ActingAs } from '../access/access.ts';
import { recordAuditAs } from '../access/access.ts';
import type { AppDeps } from '../platform/app-deps.ts';
import { inTransaction } from '../platform/db.ts';
import { badRequest } from '../platform/errors.ts';
import { FhirInvalidError, validateFhir } from './fhir-validation.ts';
import { createResource, isRecordResourceType, type StoreContext } from './record-store.ts';
import { resultAlertHook } from './result-alerts.ts';
import { findDuplicate } from './record-search.ts';
import { keyringFor } from './record-keys.ts';
import { PATIENT_ELEMENT } from './search-fields.ts';

/**
 * Import of a FHIR R4 Bundle (an export from another portal) into one patient's record, all or
 * nothing:
 * - the Bundle and every entry's resource must be valid FHIR R4, else 400 naming the entries
 *   (`body.entry[3].resource.valueQuantity.value`) and nothing is stored;
 * - it must be one person's data: at most one Patient, and every record's subject/patient must be
 *   that Patient (by fullUrl, `Patient/<id>` or an absolute URL); without a Patient entry, all
 *   records must name the same patient. Anything else is refused whole (400);
 * - records are stored with our patient as subject, without the source's `id` and `meta` (they
 *   get ours) but with their `identifier`s, which are what later imports de-duplicate on. The
 *   source's ids are not turned into identifiers: exports often mint them per file, so they
 *   would not recognise the same record in a later export. References between entries of the
 *   bundle are rewritten to the stored resources; references to entries that are not records
 *   (a Practitioner) keep only their display text;
 * - a record already in the record (same identifier, or same clinical content) or earlier in
 *   the same bundle counts as a duplicate and is left as it is; entries that are not records
 *   (Patient, Practitioner, Organization, Encounter…) are counted as ignored;
 * - provenance: source kind `import`, system = the `source` given, else the bundle's
 *   `meta.source`, else "Imported file".
 */

/** Most entries one import takes (a decade of a busy chart is well below). */
export const MAX_IMPORT_ENTRIES = 5000;

export const IMPORT_BUNDLE_TYPES = [
  'collection',
  'searchset',
  'transaction',
  'batch',
  'document',
] as const;

/** The order entries are stored in: what others point at first (results before reports). */
const TYPE_ORDER: RecordResourceType[] = [
  'Condition',
  'AllergyIntolerance',
  'Immunization',
  'MedicationRequest',
  'MedicationStatement',
  'Observation',
  'DocumentReference',
  'DiagnosticReport',
];

/** Errors listed in one answer; more are summarised. */
const MAX_ERRORS = 50;

const DEFAULT_SOURCE = 'Imported file';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON path of a validation issue's element in the request body: Medplum names elements
 * `Observation.value[x].value`; this gives `body.entry[3].resource.valueQuantity.value`.
 */
export function issuePath(prefix: string, resource: unknown, expression: string | undefined) {
  if (!expression) return prefix;
  const parts = expression.split('.').slice(1);
  const out: string[] = [];
  let node: unknown = resource;
  for (const part of parts) {
    const m = /^([A-Za-z0-9_]+?)(\[x\])?((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      node = undefined;
      continue;
    }
    let name = m[1]!;
    if (m[2]) {
      const actual = isObject(node)
        ? Object.keys(node).find((k) => k.startsWith(name) && /^[A-Z]/.test(k.slice(name.length)))
        : undefined;
      name = actual ?? `${name}[x]`;
    }
    out.push(`${name}${m[3] ?? ''}`);
    node = isObject(node) ? node[name] : undefined;
    for (const index of (m[3] ?? '').match(/\d+/g) ?? []) {
      node = Array.isArray(node) ? (node[Number(index)] as unknown) : undefined;
    }
  }
  return [prefix, ...out].join('.');
}

function issueErrors(prefix: string, resource: unknown, issues: OperationOutcomeIssue[]) {
  return issues.map((issue): FieldError => ({
    path: issuePath(prefix, resource, issue.expression?.[0]),
    message: issue.details?.text ?? issue.diagnostics ?? 'Not valid FHIR R4.',
    code: issue.code,
  }));
}

/** Absolute references (`https://…/fhir/Patient/1`) as `Patient/1`: Medplum's validator only knows relative ones. */
function relativeReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relativeReferences);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = relativeReferences(v);
  if (typeof value.reference === 'string' && /^https?:\/\//.test(value.reference)) {
    const local = typeAndId(value.reference);
    if (local) out.reference = local;
  }
  return out;
}

function validationErrors(prefix: string, resource: unknown): FieldError[] {
  try {
    validateFhir(relativeReferences(resource));
    return [];
  } catch (err) {
    if (err instanceof FhirInvalidError) return issueErrors(prefix, resource, err.issues);
    throw err;
  }
}

function refused(errors: FieldError[]): never {
  const shown = errors.slice(0, MAX_ERRORS);
  const more = errors.length - shown.length;
  throw badRequest(
    `The bundle was not imported (nothing was stored): ${shown
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}.`,
    more > 0
      ? [
          ...shown,
          { path: 'body.entry', message: `${more} more errors not listed`, code: 'too-many' },
        ]
      : shown,
  );
}

interface Entry {
  index: number;
  fullUrl: string | undefined;
  resource: Json;
  type: string;
}

/** `Type/id` at the end of a relative or absolute reference (history part ignored). */
function typeAndId(reference: string): string | undefined {
  return /(?:^|\/)([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(
    reference,
  )?.[1];
}

/** A display text for an entry that is not stored (a Practitioner's name, an Organization's). */
function displayOf(resource: Json): string {
  const name = resource.name;
  if (typeof name === 'string' && name) return name;
  const human = Array.isArray(name) && isObject(name[0]) ? name[0] : undefined;
  if (human) {
    if (typeof human.text === 'string' && human.text) return human.text;
    const given = Array.isArray(human.given)
      ? human.given.filter((g) => typeof g === 'string')
      : [];
    const text = [...given, human.family].filter((p) => typeof p === 'string' && p).join(' ');
    if (text) return text;
  }
  return `${String(resource.resourceType)} in the imported file`;
}

/** Checks a bundle without touching the database; returns its entries or throws 400. */
function checkBundle(body: unknown): { entries: Entry[]; bundle: Json } {
  if (!isObject(body) || body.resourceType !== 'Bundle') {
    refused([
      {
        path: 'body.resourceType',
        message: 'Must be "Bundle": import a FHIR R4 Bundle (JSON).',
        code: 'invalid',
      },
    ]);
  }
  const errors: FieldError[] = [];
  if (!(IMPORT_BUNDLE_TYPES as readonly string[]).includes(String(body.type))) {
    errors.push({
      path: 'body.type',
      message: `Must be one of ${IMPORT_BUNDLE_TYPES.join(', ')}.`,
      code: 'invalid',
    });
  }
  const rawEntries = body.entry ?? [];
  if (!Array.isArray(rawEntries)) {
    refused([{ path: 'body.entry', message: 'Must be a list of entries.', code: 'invalid' }]);
  }
  if (rawEntries.length > MAX_IMPORT_ENTRIES) {
    refused([
      {
        path: 'body.entry',
        message: `A bundle can have at most ${MAX_IMPORT_ENTRIES} entries (this one has ${rawEntries.length}); split it.`,
        code: 'too_big',
      },
    ]);
  }
  const { entry: _entry, ...shell } = body;
  errors.push(...validationErrors('body', shell));
  const entries: Entry[] = [];
  rawEntries.forEach((raw: unknown, index) => {
    const at = `body.entry[${index}]`;
    if (!isObject(raw) || !isObject(raw.resource)) {
      errors.push({
        path: `${at}.resource`,
        message: 'Each entry needs a resource.',
        code: 'required',
      });
      return;
    }
    errors.push(...validationErrors(`${at}.resource`, raw.resource));
    entries.push({
      index,
      fullUrl: typeof raw.fullUrl === 'string' ? raw.fullUrl : undefined,
      resource: raw.resource,
      type: String(raw.resource.resourceType),
    });
  });
  if (errors.length > 0) refused(errors);
  return { entries, bundle: body };
}

/**
 * Every way the bundle names its patient (or, without a Patient entry, the one patient all
 * records name); 400 when the bundle holds more than one person's data.
 */
function patientReferences(entries: Entry[], knownPatientId?: string): Set<string> {
  const patients = entries.filter((e) => e.type === 'Patient');
  const stranger = knownPatientId
    ? patients.find((p) => p.resource.id !== knownPatientId)
    : undefined;
  if (stranger) {
    refused([
      {
        path: `body.entry[${stranger.index}].resource`,
        message: `This is another patient than Patient/${knownPatientId}, whose records these are. Another person’s data is not imported.`,
        code: 'business-rule',
      },
    ]);
  }
  if (patients.length > 1) {
    refused(
      patients.slice(1).map((p) => ({
        path: `body.entry[${p.index}].resource`,
        message:
          'The bundle holds a second patient. Bundles with another person’s data are not imported: import one person’s records at a time.',
        code: 'business-rule',
      })),
    );
  }
  const refs = new Set<string>(knownPatientId ? [`Patient/${knownPatientId}`] : []);
  const patient = patients[0];
  if (patient) {
    if (patient.fullUrl) refs.add(patient.fullUrl);
    if (typeof patient.resource.id === 'string') refs.add(`Patient/${patient.resource.id}`);
  }
  const errors: FieldError[] = [];
  for (const e of entries) {
    if (!isRecordResourceType(e.type)) continue;
    const element = PATIENT_ELEMENT[e.type];
    const ref = (e.resource[element] as { reference?: unknown } | undefined)?.reference;
    if (ref === undefined) continue;
    const named = typeof ref === 'string' ? ref : '';
    const local = typeAndId(named);
    if (refs.has(named) || (local && refs.has(local))) continue;
    if (
      !patient &&
      refs.size === 0 &&
      (local?.startsWith('Patient/') || named.startsWith('urn:'))
    ) {
      // No Patient entry: the first patient named is the bundle's; all others must match it.
      refs.add(named);
      if (local) refs.add(local);
      continue;
    }
    errors.push({
      path: `body.entry[${e.index}].resource.${element}`,
      message: `This entry is about another patient (${named || 'not a Patient reference'}) than the rest of the bundle. Bundles with another person’s data are not imported.`,
      code: 'business-rule',
    });
  }
  if (errors.length > 0) refused(errors);
  return refs;
}

/**
 * Rewrites references inside a resource: to the bundle's patient → ours; to another stored
 * entry → its id here; to an entry that is not stored → its display text only.
 */
function rewriteReferences(
  value: unknown,
  resolve: (reference: string) => { reference: string } | { display: string } | undefined,
): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, resolve));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewriteReferences(v, resolve);
  if (typeof value.reference === 'string') {
    const target = resolve(value.reference);
    if (target && 'reference' in target) out.reference = target.reference;
    if (target && 'display' in target) {
      delete out.reference;
      out.display = typeof value.display === 'string' ? value.display : target.display;
    }
  }
  return out;
}

export interface ImportOptions {
  /** Where the bundle came from (the `source` query). */
  source?: string;
}

/** Imports a bundle into `as.patientId`'s record: all or nothing (see above). */
export function importBundle(
  ctx: StoreContext,
  as: ActingAs,
  body: unknown,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { entries, bundle } = checkBundle(body);
  const metaSource = isObject(bundle.meta) ? bundle.meta.source : undefined;
  return storeEntries(ctx, as, entries, {
    patientRefs: patientReferences(entries),
    system: options.source?.trim() || (typeof metaSource === 'string' ? metaSource.trim() : ''),
  });
}

/**
 * Imports resources fetched from another system's FHIR server for the patient it knows as
 * `remotePatientId` (health connections): the same checks and rules as a bundle import.
 */
export function importResources(
  deps: Pick<AppDeps, 'config' | 'database'> & Partial<Pick<AppDeps, 'jobs'>>,
  as: ActingAs,
  input: { resources: readonly unknown[]; remotePatientId?: string; source: string },
): Promise<ImportSummary> {
  const { entries } = checkBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: input.resources.map((resource) => ({ resource })),
  });
  const ctx: StoreContext = {
    db: deps.database.db,
    keyring: keyringFor(deps.config),
    ...(deps.jobs ? { afterCreate: resultAlertHook(deps.jobs) } : {}),
  };
  return storeEntries(ctx, as, entries, {
    patientRefs: patientReferences(entries, input.remotePatientId),
    system: input.source,
  });
}

async function storeEntries(
  ctx: StoreContext,
  as: ActingAs,
  entries: Entry[],
  options: { patientRefs: Set<string>; system: string },
): Promise<ImportSummary> {
  const { patientRefs } = options;
  const system = (options.system || DEFAULT_SOURCE).slice(0, 500);

  const records = entries.filter((e) => isRecordResourceType(e.type));
  const ignored = entries.length - records.length;
  const ours = `Patient/${as.patientId}`;
  // Where each entry ends up: a new id, or the id of the duplicate already stored.
  const idOf = new Map<number, string>(records.map((e) => [e.index, randomUUID()]));
  const byRef = new Map<string, Entry>();
  for (const e of entries) {
    if (e.fullUrl) byRef.set(e.fullUrl, e);
    if (typeof e.resource.id === 'string') byRef.set(`${e.type}/${e.resource.id}`, e);
  }
  const resolve = (reference: string) => {
    const local = typeAndId(reference);
    if (patientRefs.has(reference) || (local && patientRefs.has(local))) return { reference: ours };
    const target = byRef.get(reference) ?? (local ? byRef.get(local) : undefined);
    // Another system's resource we do not have: its name (or address) as text.
    if (!target) return /^https?:\/\//.test(reference) ? { display: reference } : undefined;
    const id = idOf.get(target.index);
    if (id) return { reference: `${target.type}/${id}` };
    return { display: displayOf(target.resource) };
  };
  const ordered = [...records].sort(
    (a, b) =>
      TYPE_ORDER.indexOf(a.type as RecordResourceType) -
        TYPE_ORDER.indexOf(b.type as RecordResourceType) || a.index - b.index,
  );

  return inTransaction(ctx.db, async (trx) => {
    const tctx: StoreContext = { ...ctx, db: trx };
    const added: Record<string, number> = {};
    let duplicates = 0;
    for (const e of ordered) {
      const type = e.type as RecordResourceType;
      const element = PATIENT_ELEMENT[type];
      const { id: _id, meta: _meta, ...rest } = rewriteReferences(e.resource, resolve) as Json;
      const resource = {
        ...rest,
        [element]: { ...(isObject(rest[element]) ? rest[element] : {}), reference: ours },
      } as unknown as Resource;
      try {
        const duplicate = await findDuplicate(tctx, as.patientId, resource);
        if (duplicate) {
          duplicates += 1;
          idOf.set(e.index, duplicate);
          continue;
        }
        await createResource(tctx, as, resource, {
          source: { kind: 'import', system },
          id: idOf.get(e.index)!,
        });
      } catch (err) {
        if (err instanceof FhirInvalidError) {
          refused(issueErrors(`body.entry[${e.index}].resource`, resource, err.issues));
        }
        throw err;
      }
      added[type] = (added[type] ?? 0) + 1;
    }
    const total = Object.values(added).reduce((a, b) => a + b, 0);
    await recordAuditAs(trx, as, {
      action: 'records.import',
      outcome: 'success',
      details: { entries: entries.length, added: total, duplicates, ignored },
    });
    return { added, duplicates, ignored, source: system };
  });
}
