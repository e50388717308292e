import { CONNECT_CALLBACK_PATH, type ImportSummary } from '@carecircle/core';
import { recordAudit } from '../../access/audit.service.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Db } from '../../platform/db.ts';
import { HttpError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs.ts';
import { importResources } from '../import.service.ts';
import { dataKeyFor, keyringFor, open, seal } from '../record-keys.ts';
import { healthConnectionsRepo, healthSystemsRepo } from './health-connections.repo.ts';
import {
  discoverSmart,
  exchangeCode,
  fetchPatientResources,
  RemoteSystemError,
} from './smart-client.ts';

/**
 * The import of a health connection, as the job `records.import-connection` {connectionId}:
 * takes the sealed approval (clearing it in the same statement), redeems the code at the other
 * system, fetches the patient's resources and imports them (lab results among them raise their
 * alerts). Runs once: a retry after a crash finds the approval gone (codes are single-use) and
 * marks the connection failed, so the person can connect again.
 */

export const IMPORT_CONNECTION_JOB = 'records.import-connection';

export function connectRedirectUri(config: AppDeps['config']): string {
  return `${config.publicUrl}${CONNECT_CALLBACK_PATH}`;
}

interface Approval {
  code: string;
  verifier: string;
}

const approvalAad = (connectionId: string) => `health-connection:${connectionId}:approval`;

/** Seals the approval under the patient's data key, for the import job. */
export async function sealApproval(
  deps: Pick<AppDeps, 'config'>,
  db: Db,
  input: Approval & { connectionId: string; patientId: string },
): Promise<Buffer> {
  const key = await dataKeyFor(db, keyringFor(deps.config), input.patientId);
  const plain = JSON.stringify({ code: input.code, verifier: input.verifier });
  return seal(key.key, Buffer.from(plain, 'utf8'), approvalAad(input.connectionId));
}

const FAILED = 'Something went wrong while importing. Please try again.';

async function fail(db: Db, connectionId: string, message: string): Promise<void> {
  await healthConnectionsRepo.update(db, connectionId, {
    status: 'failed',
    error: message.slice(0, 500),
    finished_at: new Date(),
  });
}

/** The job: imports the connection's record. Never throws for the other system's failures. */
export async function importConnection(deps: AppDeps, connectionId: string): Promise<void> {
  const { db } = deps.database;
  const taken = await healthConnectionsRepo.takeImportSecret(db, connectionId);
  if (!taken) return; // finished already
  if (!taken.secret) {
    await fail(db, connectionId, FAILED);
    return;
  }
  const key = await dataKeyFor(db, keyringFor(deps.config), taken.patient_id);
  const approval = JSON.parse(
    open(key.key, taken.secret, approvalAad(connectionId)).toString('utf8'),
  ) as Approval;
  const row = (await healthConnectionsRepo.find(
    db,
    { patientId: taken.patient_id },
    connectionId,
  ))!;
  const system = (await healthSystemsRepo.find(db, row.health_system_id))!;
  try {
    const endpoints = await discoverSmart(system.fhir_base_url);
    const token = await exchangeCode({
      endpoints,
      clientId: system.client_id,
      redirectUri: connectRedirectUri(deps.config),
      code: approval.code,
      verifier: approval.verifier,
    });
    let last = 0;
    const resources = await fetchPatientResources({
      fhirBaseUrl: system.fhir_base_url,
      token,
      onProgress: async (fetched) => {
        if (fetched - last >= 100 || fetched === 0) {
          last = fetched;
          await healthConnectionsRepo.update(db, connectionId, { fetched });
        }
      },
    });
    const as = { actorId: taken.started_by, patientId: taken.patient_id, viaGrantId: null };
    const summary: ImportSummary = await importResources(deps, as, {
      resources,
      remotePatientId: token.patient,
      source: system.fhir_base_url,
    });
    await healthConnectionsRepo.update(db, connectionId, {
      status: 'done',
      fetched: resources.length,
      summary,
      finished_at: new Date(),
    });
    await recordAudit(db, {
      action: 'records.connection.import',
      outcome: 'success',
      actorId: taken.started_by,
      patientId: taken.patient_id,
      subjectType: 'health-connection',
      subjectId: connectionId,
      details: { fetched: resources.length, duplicates: summary.duplicates },
    });
  } catch (err) {
    const message =
      err instanceof RemoteSystemError || err instanceof HttpError ? err.message : FAILED;
    deps.logger.warn(
      { connectionId, err: err instanceof Error ? err.name : 'unknown' },
      'health system import failed',
    );
    await fail(db, connectionId, message);
  }
}

export const importConnectionJob = defineJob<{ connectionId: string }>({
  name: IMPORT_CONNECTION_JOB,
  handler: (deps, data) => importConnection(deps, data.connectionId),
});

/**
 * Waits until no connection of `db` is importing any more (tests), or fails after `ms`.
 */
export async function importsInFlight(db: Db, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const busy = await db
      .selectFrom('health_connections')
      .select('id')
      .where('status', '=', 'importing')
      .executeTakeFirst();
    if (!busy) return;
    if (Date.now() > deadline) throw new Error('health connection imports still running');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
