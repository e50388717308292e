import { RECORD_RESOURCE_TYPES } from '@carecircle/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';

/**
 * The CapabilityStatement at `/metadata`: what this server offers (FHIR 4.0.1, JSON), per
 * resource type its interactions and search parameters, and SMART on FHIR security with the
 * authorization server's endpoints.
 */

type Param = CapabilityStatementRestResourceSearchParam;
const param = (name: string, type: Param['type'], documentation?: string): Param => ({
  name,
  type,
  ...(documentation ? { documentation } : {}),
});

const RESULT_PARAMS: Param[] = [
  param('_count', 'number', 'Page size: 20 by default, at most 100.'),
  param('_offset', 'number', 'Where the page starts.'),
];

const RECORD_PARAMS: Param[] = [
  param('patient', 'reference', 'Patient/{id}; optional for a patient or a SMART launch.'),
  param('subject', 'reference'),
  param('code', 'token'),
  param('category', 'token'),
  param('date', 'date', 'Prefixes eq, ne, lt, le, gt, ge, sa, eb.'),
  param('status', 'token'),
  param('identifier', 'token', 'system|value'),
  param('_sort', 'string', 'date, -date, _lastUpdated or -_lastUpdated.'),
  param('_total', 'token', 'none, estimate or accurate.'),
  ...RESULT_PARAMS,
];

type Interaction = NonNullable<CapabilityStatementRestResource['interaction']>[number];
const interactions = (...codes: Interaction[]) => codes;

function recordResource(
  type: CapabilityStatementRestResource['type'],
): CapabilityStatementRestResource {
  return {
    type,
    versioning: 'versioned',
    readHistory: true,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    interaction: interactions(
      { code: 'read' },
      { code: 'vread' },
      { code: 'history-instance' },
      { code: 'create' },
      { code: 'update' },
      { code: 'delete' },
      { code: 'search-type' },
    ),
    searchParam: RECORD_PARAMS,
  };
}

export function capabilityStatement(options: {
  base: string;
  issuer: string;
  version: string;
}): CapabilityStatement {
  const { base, issuer } = options;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    publisher: 'CareCircle',
    kind: 'instance',
    software: { name: 'CareCircle', version: options.version },
    implementation: { description: 'CareCircle FHIR R4 endpoint', url: base },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth 2.0 Bearer tokens (SMART App Launch)',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${issuer}/auth` },
                { url: 'token', valueUri: `${issuer}/token` },
              ],
            },
          ],
        },
        resource: [
          ...RECORD_RESOURCE_TYPES.map(recordResource),
          {
            type: 'Patient',
            interaction: interactions({ code: 'read' }, { code: 'search-type' }),
            searchParam: [param('_id', 'token'), ...RESULT_PARAMS],
            operation: [
              {
                name: 'everything',
                definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
              },
            ],
          },
          { type: 'Practitioner', interaction: interactions({ code: 'read' }) },
          { type: 'Binary', interaction: interactions({ code: 'read' }) },
          {
            type: 'Schedule',
            interaction: interactions({ code: 'search-type' }),
            searchParam: [param('actor', 'reference'), ...RESULT_PARAMS],
          },
          {
            type: 'Slot',
            interaction: interactions({ code: 'search-type' }),
            searchParam: [
              param('schedule', 'reference'),
              param('start', 'date', 'At most 31 days (ge… and lt…).'),
              param('status', 'token'),
              ...RESULT_PARAMS,
            ],
          },
          {
            type: 'Appointment',
            interaction: interactions({ code: 'read' }, { code: 'search-type' }),
            searchParam: [
              param('patient', 'reference'),
              param('date', 'date'),
              param('status', 'token'),
              ...RESULT_PARAMS,
            ],
          },
          {
            type: 'AuditEvent',
            interaction: interactions({ code: 'search-type' }),
            searchParam: [
              param('patient', 'reference', 'Your own only.'),
              param('_count', 'number'),
            ],
          },
        ],
      },
    ],
  };
}
