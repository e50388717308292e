/**
 * SMART App Launch v2 scopes (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
 * `patient/Observation.rs`, `user/*.cruds`, `patient/Condition.rs?category=problem-list-item`,
 * and the v1 forms `patient/Observation.read` / `.write` / `.*`. Pure: the FHIR endpoint asks
 * `smartAllows` per interaction, after `access/` has decided whose data the person may see at
 * all: a scope narrows what an app may do, it never widens what the person may.
 */

export type SmartContext = 'patient' | 'user' | 'system';
export type SmartInteraction = 'c' | 'r' | 'u' | 'd' | 's';

export interface SmartResourceScope {
  context: SmartContext;
  /** A FHIR resource type, or `*`. */
  resourceType: string;
  interactions: ReadonlySet<SmartInteraction>;
  /** Granular constraints (`?category=laboratory`): parameter → allowed `system|code` or `code`. */
  constraints: ReadonlyMap<string, readonly string[]>;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(?:\?(.+))?$/;
const V2_ORDER = 'cruds';

/** Parses one scope; null when it is not a resource scope (openid, launch/patient, …) or is malformed. */
export function parseSmartScope(scope: string): SmartResourceScope | null {
  const m = RESOURCE_SCOPE.exec(scope);
  if (!m) return null;
  const [, context, resourceType, perms, query] = m;
  let interactions: SmartInteraction[];
  if (perms === 'read') interactions = ['r', 's'];
  else if (perms === 'write') interactions = ['c', 'u', 'd'];
  else if (perms === '*') interactions = ['c', 'r', 'u', 'd', 's'];
  else {
    // v2: a non-empty subsequence of "cruds", in that order.
    let at = 0;
    interactions = [];
    for (const ch of perms!) {
      const idx = V2_ORDER.indexOf(ch, at);
      if (idx < 0) return null;
      interactions.push(ch as SmartInteraction);
      at = idx + 1;
    }
    if (interactions.length === 0) return null;
  }
  const constraints = new Map<string, string[]>();
  if (query) {
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return null;
      const key = decodeURIComponent(part.slice(0, eq));
      const values = decodeURIComponent(part.slice(eq + 1))
        .split(',')
        .filter(Boolean);
      if (values.length === 0) return null;
      constraints.set(key, [...(constraints.get(key) ?? []), ...values]);
    }
  }
  return {
    context: context as SmartContext,
    resourceType: resourceType!,
    interactions: new Set(interactions),
    constraints,
  };
}

export function parseSmartScopes(scopes: readonly string[] | string): SmartResourceScope[] {
  const list = typeof scopes === 'string' ? scopes.split(/\s+/) : scopes;
  return list.map(parseSmartScope).filter((s): s is SmartResourceScope => s !== null);
}

/** What a resource offers to granular constraints: its categories as `system|code` and `code`. */
export interface SmartResourceFacts {
  category?: readonly string[];
}

function constraintMatches(
  constraints: ReadonlyMap<string, readonly string[]>,
  facts: SmartResourceFacts | undefined,
): boolean {
  for (const [key, allowed] of constraints) {
    if (key !== 'category') return false; // unknown constraints grant nothing
    // Without facts (a search not yet narrowed), the caller must filter the results itself.
    if (!facts) continue;
    const have = facts.category ?? [];
    if (!allowed.some((a) => have.includes(a))) return false;
  }
  return true;
}

/**
 * Whether the scopes let an app do `interaction` on `resourceType` (optionally on one resource
 * with these facts). `contexts` are the scope contexts that count for this token (a patient-
 * context token: `patient` and `user`; a plain user token: `user`).
 */
export function smartAllows(
  scopes: readonly SmartResourceScope[],
  resourceType: string,
  interaction: SmartInteraction,
  options: { contexts?: readonly SmartContext[]; facts?: SmartResourceFacts } = {},
): boolean {
  const contexts = options.contexts ?? ['patient', 'user'];
  return scopes.some(
    (s) =>
      contexts.includes(s.context) &&
      (s.resourceType === '*' || s.resourceType === resourceType) &&
      s.interactions.has(interaction) &&
      constraintMatches(s.constraints, options.facts),
  );
}

/** The granular category constraints that apply to a search of `resourceType` (empty = none). */
export function smartCategoryFilter(
  scopes: readonly SmartResourceScope[],
  resourceType: string,
  interaction: SmartInteraction,
): string[] | null {
  const applicable = scopes.filter(
    (s) =>
      (s.resourceType === '*' || s.resourceType === resourceType) &&
      s.interactions.has(interaction),
  );
  // Any unconstrained scope means no filter.
  if (applicable.some((s) => s.constraints.size === 0)) return null;
  return applicable.flatMap((s) => [...(s.constraints.get('category') ?? [])]);
}

/** Every v2 permission string, in order (c, r, u, d, s subsets): for advertising scopes. */
export function allSmartPermissionStrings(): string[] {
  const out: string[] = [];
  for (let mask = 1; mask < 32; mask++) {
    let s = '';
    for (let i = 0; i < 5; i++) if (mask & (1 << (4 - i))) s += V2_ORDER[i];
    out.push(s);
  }
  return out;
}
