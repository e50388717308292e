import type { Account } from '@carecircle/core';
import { createResource } from '../records/record-store.ts';
import { keyringFor } from '../records/record-keys.ts';
import { createSchedule } from '../medications/schedules.service.ts';
import { dosesRepo } from '../medications/doses.repo.ts';
import {
  type ActorName,
  type Row,
  type World,
  A_RECORD_READERS,
} from './authorization-matrix.world.ts';

/**
 * The authorization matrix rows of the medications routes (issue 6). Reading patient A's
 * medicines: A, the caregiver whose grant has medications:read, the related provider (care
 * relationship). Planning and answering: only A here (no caregiver of the world holds
 * medications:manage); those who may read but not manage get 403, everyone else 404.
 */

const A_MANAGES_MEDICINES = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
  caregiverOfAWithScope: 403,
  providerWithRelationship: 403,
});

const store = (w: World) => ({ db: w.app.database.db, keyring: keyringFor(w.app.config) });
const actorOf = (a: Account) => ({
  id: a.id,
  roles: a.roles,
  clientId: 'carecircle-web',
  scopes: [],
});

/** One medication patient A takes (a MedicationStatement in A's record). */
let medicationOfA: Promise<string> | undefined;
function medicationIdOfA(w: World): Promise<string> {
  medicationOfA ??= (async () => {
    const a = w.accounts.patientA!.id;
    const stored = await createResource(
      store(w),
      { actorId: a, patientId: a, viaGrantId: null },
      {
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationCodeableConcept: { text: 'Matrix medicine 5 mg' },
        subject: { reference: `Patient/${a}` },
      },
      { source: { kind: 'patient' } },
    );
    return stored.id;
  })();
  return medicationOfA;
}

async function newScheduleInput(w: World) {
  return {
    medication: { resourceType: 'MedicationStatement' as const, id: await medicationIdOfA(w) },
    times: ['08:00', '20:00'],
    daysOfWeek: [],
    startDate: '2026-01-01',
    endDate: null,
    missedAfterMinutes: 60,
    notifyCaregivers: true,
  };
}

/** A fresh schedule of A (rows that change or delete it get their own). */
async function scheduleOfA(w: World) {
  const a = w.accounts.patientA!;
  return createSchedule(w.app.deps, store(w), actorOf(a), {}, await newScheduleInput(w));
}

/** A fresh, unanswered dose of A. */
async function doseOfA(w: World): Promise<string> {
  const s = await scheduleOfA(w);
  await dosesRepo.insertPlanned(w.app.database.db, {
    scheduleId: s.id,
    patientId: s.patientId,
    instants: [new Date(Date.now() - 10 * 60_000)],
  });
  const rows = await dosesRepo.listForPatient(w.app.database.db, {
    patientId: s.patientId,
    from: new Date(Date.now() - 3_600_000),
    to: new Date(Date.now() + 3 * 86_400_000),
  });
  return rows.find((d) => d.schedule_id === s.id)!.id;
}

const ofA = (w: World) => `patientId=${w.accounts.patientA!.id}`;

export const medicationsRows: Row[] = [
  {
    route: 'GET /api/v1/medications/schedules',
    request: (w) => ({ path: `/api/v1/medications/schedules?${ofA(w)}` }),
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/medications/schedules',
    request: async (w) => ({
      path: `/api/v1/medications/schedules?${ofA(w)}`,
      body: await newScheduleInput(w),
    }),
    status: 404,
    except: A_MANAGES_MEDICINES(201),
  },
  {
    route: 'PATCH /api/v1/medications/schedules/:scheduleId',
    request: async (w) => ({
      path: `/api/v1/medications/schedules/${(await scheduleOfA(w)).id}`,
      body: { missedAfterMinutes: 90 },
    }),
    status: 404,
    except: A_MANAGES_MEDICINES(200),
  },
  {
    route: 'DELETE /api/v1/medications/schedules/:scheduleId',
    request: async (w) => ({
      path: `/api/v1/medications/schedules/${(await scheduleOfA(w)).id}`,
    }),
    status: 404,
    except: A_MANAGES_MEDICINES(204),
  },
  {
    route: 'GET /api/v1/medications/doses',
    request: (w) => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      return { path: `/api/v1/medications/doses?${ofA(w)}&from=${from}&to=${to}` };
    },
    status: 404,
    except: A_RECORD_READERS(200),
  },
  {
    route: 'POST /api/v1/medications/doses/:doseId/answer',
    request: async (w) => ({
      path: `/api/v1/medications/doses/${await doseOfA(w)}/answer`,
      body: { answer: 'taken' },
    }),
    status: 404,
    except: A_MANAGES_MEDICINES(200),
  },
  {
    route: 'GET /api/v1/medications/adherence',
    request: (w) => ({ path: `/api/v1/medications/adherence?${ofA(w)}` }),
    status: 404,
    except: A_RECORD_READERS(200),
  },
];
