import { sql } from 'kysely';
import type { RecordResourceType } from '@carecircle/core';
import type { Resource } from '@medplum/fhirtypes';
import {
  contentMacOf,
  decryptRows,
  prepareResource,
  type StoreContext,
  type StoredResource,
} from './record-store.ts';
import { searchFieldsOf } from './search-fields.ts';

/**
 * Searching the record store: over the clear search fields only (patient, type, codes,
 * categories, status, clinical date, identifiers), returning decrypted current versions; and
 * finding a resource already in a record (import de-duplication).
 */

/** A date comparison in FHIR search style. */
export interface DateFilter {
  op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'sa' | 'eb';
  /** Start and end (exclusive) of the precision the date was given in. */
  start: Date;
  end: Date;
}

export interface SearchQuery {
  /** Whose records (already checked by the caller); at least one. */
  patientIds: readonly string[];
  types?: readonly RecordResourceType[];
  /** Any of these tokens (`system|code` or `code`). */
  codes?: readonly string[];
  /** Any of these category tokens. */
  categories?: readonly string[];
  /** Any of these statuses. */
  statuses?: readonly string[];
  dates?: readonly DateFilter[];
  identifiers?: readonly string[];
  lastUpdatedAfter?: Date;
  sort?: 'date' | '-date' | '_lastUpdated' | '-_lastUpdated';
  count: number;
  offset?: number;
  /**
   * Keyset paging for the default sort (`-date`): only what comes after this resource in that
   * order (its clinical date as indexed, null when it has none, and its id).
   */
  after?: { effectiveAt: Date | null; id: string };
  /** Also return the total number of matches (one COUNT query more). */
  total?: boolean;
}

export interface SearchResult<R extends Resource = Resource> {
  items: StoredResource<R>[];
  total: number | undefined;
}

/** Search over the clear search fields; returns decrypted current versions. */
export async function searchResources<R extends Resource = Resource>(
  ctx: StoreContext,
  query: SearchQuery,
): Promise<SearchResult<R>> {
  if (query.patientIds.length === 0) return { items: [], total: 0 };
  let q = ctx.db
    .selectFrom('fhir_resources')
    .where('patient_id', 'in', [...query.patientIds])
    .where('deleted', '=', false);
  if (query.types?.length) q = q.where('resource_type', 'in', [...query.types]);
  if (query.codes?.length) q = q.where('codes', '&&', sql<string[]>`${[...query.codes]}::text[]`);
  if (query.categories?.length) {
    q = q.where('categories', '&&', sql<string[]>`${[...query.categories]}::text[]`);
  }
  if (query.statuses?.length) q = q.where('status', 'in', [...query.statuses]);
  if (query.identifiers?.length) {
    q = q.where('identifiers', '&&', sql<string[]>`${[...query.identifiers]}::text[]`);
  }
  if (query.lastUpdatedAfter) q = q.where('last_updated', '>', query.lastUpdatedAfter);
  for (const d of query.dates ?? []) {
    switch (d.op) {
      case 'eq':
        q = q.where('effective_at', '>=', d.start).where('effective_at', '<', d.end);
        break;
      case 'ne':
        q = q.where((eb) =>
          eb.or([eb('effective_at', '<', d.start), eb('effective_at', '>=', d.end)]),
        );
        break;
      case 'lt':
      case 'eb':
        q = q.where('effective_at', '<', d.start);
        break;
      case 'le':
        q = q.where('effective_at', '<', d.end);
        break;
      case 'gt':
      case 'sa':
        q = q.where('effective_at', '>=', d.end);
        break;
      case 'ge':
        q = q.where('effective_at', '>=', d.start);
        break;
    }
  }
  if (query.after) {
    const { effectiveAt, id } = query.after;
    q = effectiveAt
      ? q.where((eb) =>
          eb.or([
            eb('effective_at', '<', effectiveAt),
            eb.and([eb('effective_at', '=', effectiveAt), eb('id', '>', id)]),
            eb('effective_at', 'is', null),
          ]),
        )
      : q.where('effective_at', 'is', null).where('id', '>', id);
  }
  const total = query.total
    ? Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  let rowsQ = q.selectAll();
  switch (query.sort ?? '-date') {
    case 'date':
      rowsQ = rowsQ.orderBy(sql`effective_at ASC NULLS FIRST`).orderBy('id');
      break;
    case '-date':
      rowsQ = rowsQ.orderBy(sql`effective_at DESC NULLS LAST`).orderBy('id');
      break;
    case '_lastUpdated':
      rowsQ = rowsQ.orderBy('last_updated', 'asc').orderBy('id');
      break;
    case '-_lastUpdated':
      rowsQ = rowsQ.orderBy('last_updated', 'desc').orderBy('id');
      break;
  }
  const rows = await rowsQ
    .limit(query.count)
    .offset(query.offset ?? 0)
    .execute();
  return { items: await decryptRows<R>(ctx, rows), total };
}

/**
 * Whether a resource with one of this one's identifiers, or with the same clinical content, is
 * already in the patient's record (its id). Validates like a create.
 */
export async function findDuplicate(
  ctx: StoreContext,
  patientId: string,
  input: unknown,
): Promise<string | undefined> {
  const resource = prepareResource(input, patientId);
  const type = resource.resourceType as RecordResourceType;
  const fields = searchFieldsOf(type, resource as unknown as Record<string, unknown>);
  const mac = await contentMacOf(ctx, patientId, resource);
  const row = await ctx.db
    .selectFrom('fhir_resources')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('resource_type', '=', type)
    .where('deleted', '=', false)
    .where((eb) =>
      eb.or([
        eb('content_mac', '=', mac),
        ...(fields.identifiers.length
          ? [eb('identifiers', '&&', sql<string[]>`${fields.identifiers}::text[]`)]
          : []),
      ]),
    )
    .executeTakeFirst();
  return row?.id;
}
