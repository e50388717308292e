import { expect } from 'vitest';
import type { Bundle, Observation, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../../../test/helpers.ts';
import { validateFhir } from '../fhir-validation.ts';

/** Test helpers for the FHIR endpoint: requests, and checks every answer is valid FHIR. */

export interface FhirResponse<R = Resource> {
  status: number;
  headers: Headers;
  body: R;
}

export async function fhir<R = Resource>(
  app: TestApp,
  token: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<FhirResponse<R>> {
  const headers: Record<string, string> = { accept: 'application/fhir+json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/fhir+json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${app.url}/fhir/R4${path}`, { method, headers, body });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as R) : (undefined as R);
  if (text) {
    // Every answer is FHIR JSON and a valid resource.
    expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    validateFhir(parsed);
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** The first issue's text and expression of an OperationOutcome. */
export function issueOf(outcome: unknown): { code?: string; text?: string; expression?: string } {
  const o = outcome as OperationOutcome;
  expect(o.resourceType).toBe('OperationOutcome');
  const issue = o.issue[0]!;
  return { code: issue.code, text: issue.details?.text, expression: issue.expression?.[0] };
}

export const idsOf = (bundle: unknown) =>
  ((bundle as Bundle).entry ?? []).map((e) => e.resource?.id);

export function observation(
  patientId: string | undefined,
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
    ...(patientId ? { subject: { reference: `Patient/${patientId}` } } : {}),
    effectiveDateTime: '2025-03-10T09:00:00Z',
    valueQuantity: { value: 6.1, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    ...extra,
  };
}

export const VITAL_SIGNS = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
  ],
};
