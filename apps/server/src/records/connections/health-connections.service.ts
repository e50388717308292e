import { createHash, randomBytes } from 'node:crypto';
import {
  problemType,
  type HealthConnection,
  type HealthSystem,
  type HealthSystemAdmin,
} from '@carecircle/core';
import type { z } from 'zod';
import type { HealthSystemInput } from '@carecircle/core';
import { assertCan } from '../../access/access.ts';
import { recordAudit } from '../../access/audit.service.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { badRequest, conflict, HttpError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/request-context.ts';
import { inTransaction } from '../../platform/db.ts';
import { connectRedirectUri, IMPORT_CONNECTION_JOB, sealApproval } from './connection-import.ts';
import {
  healthConnectionsRepo,
  healthSystemsRepo,
  type HealthConnectionRow,
  type HealthSystemRow,
} from './health-connections.repo.ts';
import { authorizeUrl, discoverSmart, pkce, RemoteSystemError } from './smart-client.ts';

/**
 * "Connect a health system": a SMART standalone launch against another system's FHIR server,
 * then an import of the patient's resources into their record (provenance: that system's FHIR
 * base URL) by the job `records.import-connection` (connection-import.ts). The approval (code
 * and PKCE verifier) waits for the job sealed under the patient's data key; the other system's
 * token lives in the job's memory only.
 */

type Deps = Pick<AppDeps, 'config' | 'database' | 'logger'>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function presentSystem(row: HealthSystemRow): HealthSystem {
  return { id: row.id, name: row.name, fhirBaseUrl: row.fhir_base_url };
}

function presentAdminSystem(row: HealthSystemRow): HealthSystemAdmin {
  return {
    ...presentSystem(row),
    clientId: row.client_id,
    createdAt: row.created_at.toISOString(),
    disabled: row.disabled_at !== null,
  };
}

function presentConnection(row: HealthConnectionRow): HealthConnection {
  return {
    id: row.id,
    healthSystem: { id: row.health_system_id, name: row.system_name, fhirBaseUrl: row.system_url },
    status: row.status,
    fetched: row.fetched,
    summary: row.summary,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

const unreachable = (detail: string) =>
  new HttpError({
    status: 502,
    type: problemType('health-system-unavailable'),
    title: 'The health system is not available',
    detail,
  });

// ---------------------------------------------------------------------------------------------
// Admins: which systems can be connected

export async function listHealthSystems(deps: Deps): Promise<HealthSystem[]> {
  const rows = await healthSystemsRepo.list(deps.database.db, { includeDisabled: false });
  return rows.map(presentSystem);
}

export async function listAdminHealthSystems(
  deps: Deps,
  actor: Actor,
): Promise<HealthSystemAdmin[]> {
  await assertCan(deps.database.db, actor, 'accounts:admin');
  const rows = await healthSystemsRepo.list(deps.database.db, { includeDisabled: true });
  return rows.map(presentAdminSystem);
}

export async function createHealthSystem(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof HealthSystemInput>,
): Promise<HealthSystemAdmin> {
  const { db } = deps.database;
  await assertCan(db, actor, 'accounts:admin');
  const url = new URL(input.fhirBaseUrl);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && deps.config.env !== 'production')) {
    throw badRequest('A health system must be reached over https.', [
      { path: 'body.fhirBaseUrl', message: 'Must be an https URL' },
    ]);
  }
  const row = await healthSystemsRepo.insert(db, {
    name: input.name,
    fhir_base_url: input.fhirBaseUrl,
    client_id: input.clientId,
    created_by: actor.id,
  });
  if (!row) {
    throw conflict('health-system-exists', 'This FHIR server is already registered.');
  }
  await recordAudit(db, {
    action: 'admin.health-system.create',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'health-system',
    subjectId: row.id,
  });
  return presentAdminSystem(row);
}

export async function disableHealthSystem(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<HealthSystemAdmin> {
  const { db } = deps.database;
  await assertCan(db, actor, 'accounts:admin');
  const row = await healthSystemsRepo.disable(db, id);
  if (!row) throw notFound('There is no such health system.');
  await recordAudit(db, {
    action: 'admin.health-system.disable',
    outcome: 'success',
    actorId: actor.id,
    subjectType: 'health-system',
    subjectId: id,
  });
  return presentAdminSystem(row);
}

// ---------------------------------------------------------------------------------------------
// Patients: connect and import

/** Only the patient connects their own record (not a caregiver, not a provider). */
async function assertOwnRecord(deps: Deps, actor: Actor) {
  return assertCan(deps.database.db, actor, 'records:write', { patientId: actor.id });
}

export async function listConnections(deps: Deps, actor: Actor): Promise<HealthConnection[]> {
  const rows = await healthConnectionsRepo.list(deps.database.db, { patientId: actor.id });
  return rows.map(presentConnection);
}

export async function startConnection(
  deps: Deps,
  actor: Actor,
  input: { healthSystemId: string },
): Promise<{ connection: HealthConnection; authorizeUrl: string }> {
  const { db } = deps.database;
  await assertOwnRecord(deps, actor);
  const system = await healthSystemsRepo.find(db, input.healthSystemId);
  if (!system || system.disabled_at) throw notFound('There is no such health system.');
  let endpoints;
  try {
    endpoints = await discoverSmart(system.fhir_base_url);
  } catch (err) {
    if (err instanceof RemoteSystemError) throw unreachable(err.message);
    throw err;
  }
  const state = randomBytes(24).toString('base64url');
  const { verifier, challenge } = pkce();
  const row = await healthConnectionsRepo.insert(db, {
    patient_id: actor.id,
    health_system_id: system.id,
    started_by: actor.id,
    state_hash: sha256(state),
    code_verifier: verifier,
  });
  await recordAudit(db, {
    action: 'records.connection.start',
    outcome: 'success',
    actorId: actor.id,
    patientId: actor.id,
    subjectType: 'health-connection',
    subjectId: row.id,
    details: { healthSystemId: system.id },
  });
  return {
    connection: presentConnection(row),
    authorizeUrl: authorizeUrl({
      endpoints,
      clientId: system.client_id,
      redirectUri: connectRedirectUri(deps.config),
      fhirBaseUrl: system.fhir_base_url,
      state,
      challenge,
    }),
  };
}

export async function completeConnection(
  deps: Deps & Pick<AppDeps, 'jobs'>,
  actor: Actor,
  input: { state: string; code?: string; error?: string },
): Promise<HealthConnection> {
  const { db } = deps.database;
  const taken = await inTransaction(db, async (trx) => {
    const found = await healthConnectionsRepo.takeAuthorization(
      trx,
      { patientId: actor.id },
      sha256(input.state),
    );
    if (!found?.code_verifier) return undefined;
    if (input.error || !input.code) {
      await healthConnectionsRepo.update(trx, found.id, {
        status: 'failed',
        error:
          input.error === 'access_denied'
            ? 'You did not approve sharing at the health system.'
            : 'The health system did not share the record.',
        finished_at: new Date(),
      });
    } else {
      // The import job redeems the code; until then it waits sealed, never in the job's data.
      const sealed = await sealApproval(deps, trx, {
        connectionId: found.id,
        patientId: actor.id,
        code: input.code,
        verifier: found.code_verifier,
      });
      await healthConnectionsRepo.startImport(trx, found.id, sealed);
      await deps.jobs.send(IMPORT_CONNECTION_JOB, { connectionId: found.id }, { db: trx });
    }
    return found;
  });
  if (!taken) {
    throw badRequest('This approval has expired or was already used. Please connect again.', [
      { path: 'body.state', message: 'Unknown or expired' },
    ]);
  }
  const row = await healthConnectionsRepo.find(db, { patientId: actor.id }, taken.id);
  return presentConnection(row!);
}
