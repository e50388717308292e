import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { ImportSummary } from './records.ts';

/**
 * "Connect a health system" (issue 5): a patient brings their records over from another
 * healthcare system's FHIR R4 server. Admins register the systems CareCircle may connect to
 * (their FHIR base URL and the client id CareCircle was given there); a patient starts a SMART
 * standalone launch against one (they sign in and approve there), and a background import pulls
 * their resources into their record, with progress shown.
 */

export const HealthSystem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    fhirBaseUrl: z.string(),
  })
  .meta({ id: 'HealthSystem' });
export type HealthSystem = z.infer<typeof HealthSystem>;

export const HealthSystemAdmin = HealthSystem.extend({
  clientId: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  disabled: z.boolean(),
}).meta({ id: 'HealthSystemAdmin' });
export type HealthSystemAdmin = z.infer<typeof HealthSystemAdmin>;

export const HealthSystemInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** The system's FHIR R4 base URL (https; http only for localhost in development). */
    fhirBaseUrl: z
      .url({ protocol: /^https?$/, message: 'Must be the http(s) URL of a FHIR R4 server' })
      .max(500)
      .transform((u) => u.replace(/\/+$/, '')),
    /** The client id CareCircle was registered with at that system (public client, PKCE). */
    clientId: z.string().trim().min(1).max(200),
  })
  .meta({ id: 'HealthSystemInput' });
export type HealthSystemInput = z.input<typeof HealthSystemInput>;

export const HealthConnectionStatus = z.enum(['authorizing', 'importing', 'done', 'failed']);
export type HealthConnectionStatus = z.infer<typeof HealthConnectionStatus>;

export const HealthConnection = z
  .object({
    id: z.uuid(),
    healthSystem: HealthSystem,
    status: HealthConnectionStatus,
    /** Resources fetched from the system so far. */
    fetched: z.number().int(),
    summary: ImportSummary.nullable(),
    /** Why it failed, for people. */
    error: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'HealthConnection' });
export type HealthConnection = z.infer<typeof HealthConnection>;

export const StartConnectionInput = z
  .object({ healthSystemId: z.uuid({ message: 'Choose a health system' }) })
  .meta({ id: 'StartConnectionInput' });

export const StartedConnection = z
  .object({
    connection: HealthConnection,
    /** Where to send the person's browser: the health system's sign-in and approval. */
    authorizeUrl: z.string(),
  })
  .meta({ id: 'StartedConnection' });
export type StartedConnection = z.infer<typeof StartedConnection>;

/** What the health system sent back to `/records/connect/callback`. */
export const CompleteConnectionInput = z
  .object({
    state: z.string().min(1).max(200),
    code: z.string().min(1).max(2000).optional(),
    /** OAuth error (e.g. access_denied when the person declined there). */
    error: z.string().max(200).optional(),
  })
  .refine((v) => v.code !== undefined || v.error !== undefined, {
    message: 'Give the code or the error the health system returned',
    path: ['code'],
  })
  .meta({ id: 'CompleteConnectionInput' });

/** The web app's page the health system redirects back to. */
export const CONNECT_CALLBACK_PATH = '/records/connect/callback';

const tags = ['records'];

export const listHealthSystemsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/health-systems',
  operationId: 'listHealthSystems',
  summary: 'Health systems a patient can connect to bring their records over',
  tags,
  status: 200,
  response: z.array(HealthSystem),
  auth: true,
});

export const listAdminHealthSystemsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/admin/health-systems',
  operationId: 'listAdminHealthSystems',
  summary: 'Registered health systems (admins)',
  tags: ['admin'],
  status: 200,
  response: z.array(HealthSystemAdmin),
  auth: true,
});

export const createHealthSystemEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/health-systems',
  operationId: 'createHealthSystem',
  summary: 'Register a health system patients may connect to (admins)',
  tags: ['admin'],
  body: HealthSystemInput,
  status: 201,
  response: HealthSystemAdmin,
  auth: true,
});

export const disableHealthSystemEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/health-systems/:healthSystemId/disable',
  operationId: 'disableHealthSystem',
  summary: 'Stop offering a health system (admins)',
  tags: ['admin'],
  params: z.object({ healthSystemId: z.uuid() }),
  status: 200,
  response: HealthSystemAdmin,
  auth: true,
});

export const startConnectionEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/connections',
  operationId: 'startHealthConnection',
  summary: 'Start connecting a health system: returns where to sign in and approve',
  tags,
  body: StartConnectionInput,
  status: 201,
  response: StartedConnection,
  auth: true,
});

export const completeConnectionEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/records/connections/complete',
  operationId: 'completeHealthConnection',
  summary: "Finish the health system's approval and start importing in the background",
  tags,
  body: CompleteConnectionInput,
  status: 200,
  response: HealthConnection,
  auth: true,
});

export const listConnectionsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/records/connections',
  operationId: 'listHealthConnections',
  summary: 'My health system connections and their import progress',
  tags,
  status: 200,
  response: z.array(HealthConnection),
  auth: true,
});

export const healthConnectionEndpoints = [
  listHealthSystemsEndpoint,
  listAdminHealthSystemsEndpoint,
  createHealthSystemEndpoint,
  disableHealthSystemEndpoint,
  startConnectionEndpoint,
  completeConnectionEndpoint,
  listConnectionsEndpoint,
] as const;
