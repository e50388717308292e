import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { StoredVersion } from '../record-store.ts';
import type { SearchParams } from './fhir-search.ts';

/** Bundles of the FHIR endpoint: search sets with paging links, and version histories. */

export function fullUrlOf(base: string, resource: Resource): string {
  return `${base}/${resource.resourceType}/${resource.id}`;
}

function queryString(params: SearchParams, overrides: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (name in overrides || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) q.append(name, v);
  }
  for (const [name, value] of Object.entries(overrides)) q.append(name, value);
  return q.toString();
}

export interface SearchsetInput {
  /** The FHIR base URL (absolute). */
  base: string;
  /** What was searched, relative to the base (`Observation`, `Patient/x/$everything`). */
  path: string;
  /** The parameters understood, for the links. */
  params: SearchParams;
  /** The matches on this page. */
  matches: Resource[];
  /** Resources included alongside (search.mode `include`), e.g. the Patient of $everything. */
  includes?: Resource[];
  count: number;
  offset: number;
  /** Every match on every page, when known. */
  total?: number;
}

/** A searchset Bundle with `self`, and `next`/`previous` when there are such pages. */
export function searchsetBundle(input: SearchsetInput): Bundle {
  const { base, path, params, count, offset } = input;
  const link = (relation: string, at: number): BundleLink => ({
    relation,
    url: `${base}/${path}?${queryString(params, { _count: String(count), _offset: String(at) })}`,
  });
  const links: BundleLink[] = [link('self', offset)];
  const more =
    input.total !== undefined
      ? offset + input.matches.length < input.total
      : count > 0 && input.matches.length === count;
  if (more && count > 0) links.push(link('next', offset + count));
  if (offset > 0 && count > 0) links.push(link('previous', Math.max(0, offset - count)));
  const entry: BundleEntry[] = [
    ...input.matches.map((resource) => ({
      fullUrl: fullUrlOf(base, resource),
      resource,
      search: { mode: 'match' as const },
    })),
    ...(input.includes ?? []).map((resource) => ({
      fullUrl: fullUrlOf(base, resource),
      resource,
      search: { mode: 'include' as const },
    })),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(input.total !== undefined ? { total: input.total } : {}),
    link: links,
    ...(entry.length > 0 ? { entry } : {}),
  };
}

/** Pages a list held in memory (schedules, slots, appointments). */
export function pageOf<T>(items: readonly T[], count: number, offset: number): T[] {
  return items.slice(offset, offset + count);
}

const METHOD_OF = { create: 'POST', update: 'PUT', delete: 'DELETE' } as const;

/** A history Bundle of one resource: every version, newest first. */
export function historyBundle(
  base: string,
  type: string,
  id: string,
  versions: readonly StoredVersion[],
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: versions.length,
    link: [{ relation: 'self', url: `${base}/${type}/${id}/_history` }],
    ...(versions.length > 0
      ? {
          entry: versions.map((v) => ({
            fullUrl: `${base}/${type}/${id}`,
            ...(v.change === 'delete' ? {} : { resource: v.resource }),
            request: {
              method: METHOD_OF[v.change],
              url: v.change === 'create' ? type : `${type}/${id}`,
            },
            response: {
              status: v.change === 'create' ? '201' : v.change === 'delete' ? '204' : '200',
              etag: `W/"${v.versionId}"`,
              lastModified: v.changedAt.toISOString(),
            },
          })),
        }
      : {}),
  };
}
