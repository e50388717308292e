import { randomBytes } from 'node:crypto';
import { createResource } from '../records/record-store.ts';
import { keyringFor } from '../records/record-keys.ts';
import { uploadDocument } from '../records/documents.service.ts';
import { observation as fhirObservation } from '../records/fhir/fhir-test-client.ts';
import {
  type ActorName,
  type World,
  type Row,
  SIGNED_IN_ONLY,
  ADMIN_ONLY_STATUS,
  ADMIN_ONLY,
  publicAppointmentType,
  appointmentOfA,
  recordEntryOfA,
  recordOfA,
  A_RECORD_READERS,
  A_MANAGES,
  healthSystem,
} from './authorization-matrix.world.ts';

/** Matrix rows: the records API, documents, import, connect a health system, the FHIR endpoint. */
/** One record entry of A shared by the rows that only read it. */
let sharedRecordEntryOfA: Promise<string> | undefined;

/** FHIR rows: a fresh Observation of patient A, stored as A. */
async function observationOfA(w: World): Promise<{ id: string; resource: unknown }> {
  const a = w.accounts.patientA!.id;
  const stored = await createResource(
    { db: w.app.database.db, keyring: keyringFor(w.app.config) },
    { actorId: a, patientId: a, viaGrantId: null },
    fhirObservation(a),
    { source: { kind: 'patient' } },
  );
  return { id: stored.id, resource: stored.resource };
}

/** Who may read patient A's records: A, the caregiver with records:read, the related provider. */
const A_RECORDS = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: ok,
  providerWithRelationship: ok,
});
/** Who may write them: A and the related provider; the caregiver sees but may not (403). */
const A_WRITES = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: 403,
  providerWithRelationship: ok,
});

/** FHIR Binary row: one stored document of patient A (its id). */
let documentOfA: Promise<string> | undefined;
function fhirDocumentOfA(w: World): Promise<string> {
  documentOfA ??= (async () => {
    const a = w.accounts.patientA!.id;
    const { entry } = await uploadDocument(
      { db: w.app.database.db, keyring: keyringFor(w.app.config) },
      { actorId: a, patientId: a, viaGrantId: null },
      {
        title: 'Matrix letter',
        contentType: 'text/plain',
        bytes: Buffer.from('A letter for the matrix.\n'),
        sourceKind: 'patient',
      },
    );
    return entry.document!.id;
  })();
  return documentOfA;
}

const fhirRows: Row[] = [
  { route: 'GET /fhir/R4/metadata', request: () => ({ path: '/fhir/R4/metadata' }), status: 200 },
  {
    route: 'GET /fhir/R4/Binary/:id',
    request: async (w) => ({ path: `/fhir/R4/Binary/${await fhirDocumentOfA(w)}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/Patient/:id/$everything',
    request: (w) => ({ path: `/fhir/R4/Patient/${w.accounts.patientA!.id}/$everything` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/Patient/:id',
    request: (w) => ({ path: `/fhir/R4/Patient/${w.accounts.patientA!.id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    // A search never reveals someone: an empty Bundle for those who may not see A.
    route: 'GET /fhir/R4/Patient',
    request: (w) => ({ path: `/fhir/R4/Patient?_id=${w.accounts.patientA!.id}` }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Practitioner/:id',
    request: async (w) => ({
      path: `/fhir/R4/Practitioner/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Schedule',
    request: async (w) => ({
      path: `/fhir/R4/Schedule?actor=Practitioner/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Slot',
    request: async (w) => ({
      path: `/fhir/R4/Slot?schedule=Schedule/${(await publicAppointmentType(w)).typeId}`,
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /fhir/R4/Appointment/:id',
    request: async (w) => ({ path: `/fhir/R4/Appointment/${(await appointmentOfA(w)).id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200 },
  },
  {
    // Another provider gets their own practice's appointments with A: none.
    route: 'GET /fhir/R4/Appointment',
    request: (w) => ({ path: `/fhir/R4/Appointment?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200, providerWithoutRelationship: 200 },
  },
  {
    route: 'GET /fhir/R4/AuditEvent',
    request: (w) => ({ path: `/fhir/R4/AuditEvent?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: { anonymous: 401, patientA: 200 },
  },
  {
    route: 'GET /fhir/R4/:type/:id/_history/:vid',
    request: async (w) => ({
      path: `/fhir/R4/Observation/${(await observationOfA(w)).id}/_history/1`,
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/:type/:id/_history',
    request: async (w) => ({
      path: `/fhir/R4/Observation/${(await observationOfA(w)).id}/_history`,
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'GET /fhir/R4/:type/:id',
    request: async (w) => ({ path: `/fhir/R4/Observation/${(await observationOfA(w)).id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'PUT /fhir/R4/:type/:id',
    request: async (w) => {
      const { id, resource } = await observationOfA(w);
      return { path: `/fhir/R4/Observation/${id}`, body: resource };
    },
    status: 404,
    except: A_WRITES(200),
  },
  {
    route: 'DELETE /fhir/R4/:type/:id',
    request: async (w) => ({ path: `/fhir/R4/Observation/${(await observationOfA(w)).id}` }),
    status: 404,
    except: A_WRITES(204),
  },
  {
    route: 'GET /fhir/R4/:type',
    request: (w) => ({ path: `/fhir/R4/Observation?patient=${w.accounts.patientA!.id}` }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'POST /fhir/R4/:type/_search',
    request: (w) => ({
      path: '/fhir/R4/Observation/_search',
      form: { patient: `Patient/${w.accounts.patientA!.id}` },
    }),
    status: 404,
    except: A_RECORDS(200),
  },
  {
    route: 'POST /fhir/R4/:type',
    request: (w) => ({
      path: '/fhir/R4/Observation',
      body: fhirObservation(w.accounts.patientA!.id),
    }),
    status: 404,
    except: A_WRITES(201),
  },
];

export const recordsRows: Row[] = [
  // Records API: patient A's record named in the query; 404 for those who may not see it.
  ...(['summary', 'timeline', 'export'] as const).map((view): Row => ({
    route: `GET /api/v1/records/${view}`,
    request: (w) => ({ path: `/api/v1/records/${view}?${recordOfA(w)}` }),
    status: 404,
    except: A_RECORD_READERS(200),
  })),
  {
    route: 'GET /api/v1/records/results/trend',
    request: async (w) => {
      sharedRecordEntryOfA ??= recordEntryOfA(w);
      await sharedRecordEntryOfA;
      return { path: `/api/v1/records/results/trend?code=8867-4&${recordOfA(w)}` };
    },
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    // The caregiver may read but never write (403); the provider's share is ongoing (201).
    route: 'POST /api/v1/records/entries',
    request: (w) => ({
      path: `/api/v1/records/entries?${recordOfA(w)}`,
      body: { kind: 'note', title: 'Matrix note', text: 'Written by the matrix test.' },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(201), caregiverOfAWithScope: 403 },
  },
  {
    route: 'GET /api/v1/records/entries/:resourceType/:id',
    request: async (w) => {
      sharedRecordEntryOfA ??= recordEntryOfA(w);
      const id = await sharedRecordEntryOfA;
      return { path: `/api/v1/records/entries/Observation/${id}?${recordOfA(w)}` };
    },
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/records/entries/:resourceType/:id/status',
    request: async (w) => ({
      path: `/api/v1/records/entries/Observation/${await recordEntryOfA(w)}/status?${recordOfA(w)}`,
      body: { status: 'entered-in-error' },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(200), caregiverOfAWithScope: 403 },
  },
  {
    // Patient A entered it: only A deletes it; the related provider may write but not this.
    route: 'DELETE /api/v1/records/entries/:resourceType/:id',
    request: async (w) => ({
      path: `/api/v1/records/entries/Observation/${await recordEntryOfA(w)}?${recordOfA(w)}`,
    }),
    status: 404,
    except: { ...A_RECORD_READERS(204), caregiverOfAWithScope: 403, providerWithRelationship: 403 },
  },
  // Documents and import: writing needs records:write (the caregiver with records:read: 403).
  {
    route: 'POST /api/v1/records/documents',
    request: (w, actor) => ({
      path: `/api/v1/records/documents?title=Matrix%20upload&${recordOfA(w)}`,
      // Other bytes for every actor (the same bytes again would return the existing entry).
      raw: {
        contentType: 'text/plain',
        data: `Uploaded by ${actor} ${randomBytes(4).toString('hex')}\n`,
      },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(201), caregiverOfAWithScope: 403 },
  },
  {
    route: 'GET /api/v1/records/documents/:documentId/content',
    request: async (w) => ({
      path: `/api/v1/records/documents/${await fhirDocumentOfA(w)}/content?${recordOfA(w)}`,
    }),
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/records/import',
    request: (w) => ({
      path: `/api/v1/records/import?${recordOfA(w)}`,
      body: { resourceType: 'Bundle', type: 'collection', entry: [] },
    }),
    status: 404,
    except: { ...A_RECORD_READERS(200), caregiverOfAWithScope: 403 },
  },
  // Connect a health system: admins register systems; each person connects their own record.
  {
    route: 'GET /api/v1/health-systems',
    request: () => ({ path: '/api/v1/health-systems' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/admin/health-systems',
    request: () => ({ path: '/api/v1/admin/health-systems' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/health-systems',
    request: () => ({
      path: '/api/v1/admin/health-systems',
      body: {
        name: 'Matrix Clinic',
        fhirBaseUrl: `https://fhir-${randomBytes(4).toString('hex')}.example/R4`,
        clientId: 'carecircle',
      },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(201),
  },
  {
    route: 'POST /api/v1/admin/health-systems/:healthSystemId/disable',
    request: async (w) => ({
      path: `/api/v1/admin/health-systems/${await healthSystem(w, 'https')}/disable`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'GET /api/v1/records/connections',
    request: () => ({ path: '/api/v1/records/connections' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // The system is this test app's own FHIR endpoint, so its SMART discovery answers.
    route: 'POST /api/v1/records/connections',
    request: async (w) => ({
      path: '/api/v1/records/connections',
      body: { healthSystemId: await healthSystem(w, 'self') },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/records/connections/complete',
    request: () => ({
      path: '/api/v1/records/connections/complete',
      body: { state: 'not-a-state-we-sent', code: 'x' },
    }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  ...fhirRows,
];
