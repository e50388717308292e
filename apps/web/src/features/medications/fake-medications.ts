import type {
  ActingForGrant,
  Adherence,
  MedicationDose,
  MedicationSchedule,
  RecordEntry,
  RecordSummary,
} from '@carecircle/core';
import { jsonResponse } from '../../test/fake-api.ts';
import { createFakeRecords, recordEntry } from '../../test/fake-records.ts';
import { patientMe } from '../../test/fake-scheduling.ts';

/**
 * For the Medicines page tests: an in-memory medications API (schedules, doses, answers,
 * adherence) in front of the fake records server (the medicines to choose from). Answers change
 * the dose so a refetch shows them; `failNext` makes the next call to a path answer a problem.
 */

export const metformin = recordEntry({
  resourceType: 'MedicationRequest',
  title: 'Metformin 500 mg',
  status: 'active',
  details: '500 mg twice a day',
});

const ZONE = 'America/New_York';

export function schedule(overrides: Partial<MedicationSchedule> = {}): MedicationSchedule {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    patientId: patientMe.id,
    medication: {
      resourceType: 'MedicationRequest',
      id: metformin.id,
      title: metformin.title,
      details: metformin.details,
    },
    times: ['08:00', '20:00'],
    daysOfWeek: [],
    startDate: '2026-11-01',
    endDate: null,
    missedAfterMinutes: 60,
    notifyCaregivers: true,
    timeZone: ZONE,
    active: true,
    nextDoseAt: '2026-11-29T01:00:00.000Z',
    createdAt: '2026-11-01T12:00:00.000Z',
    ...overrides,
  };
}

export function dose(overrides: Partial<MedicationDose> = {}): MedicationDose {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    scheduleId: schedule().id,
    medicationTitle: metformin.title,
    // 08:00 in New York.
    scheduledAt: '2026-11-28T13:00:00.000Z',
    status: 'due',
    snoozedUntil: null,
    answeredAt: null,
    answeredBy: null,
    ...overrides,
  };
}

export function adherence(days: Adherence['days'], rate: number | null): Adherence {
  const taken = days.reduce((n, d) => n + d.taken, 0);
  const due = days.reduce((n, d) => n + d.scheduled, 0);
  return {
    days,
    rate,
    perSchedule: [
      { scheduleId: schedule().id, medicationTitle: metformin.title, taken, due, rate },
    ],
  };
}

export interface FakeMedicationsOptions {
  schedules?: MedicationSchedule[];
  doses?: MedicationDose[];
  adherence?: Adherence;
  records?: Record<string, RecordEntry[]>;
  actingFor?: ActingForGrant[];
  access?: Record<string, RecordSummary['access']>;
}

export function createFakeMedications(options: FakeMedicationsOptions = {}) {
  const records = createFakeRecords({
    records: options.records ?? { [patientMe.id]: [metformin] },
    actingFor: options.actingFor,
    access: options.access,
  });
  const schedules = [...(options.schedules ?? [])];
  const doses = [...(options.doses ?? [])];
  const failures = new Map<string, Response>();

  const fetch = records.fetch.getMockImplementation()!;
  records.fetch.mockImplementation(async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    const path = url.pathname;
    const method = init?.method ?? 'GET';
    if (!path.startsWith('/api/v1/medications')) return fetch(input, init);
    const body =
      typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    records.requests.push({
      method,
      path: path + url.search,
      body,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
    });
    const failure = failures.get(`${method} ${path}`);
    if (failure) {
      failures.delete(`${method} ${path}`);
      return failure;
    }
    if (method === 'GET' && path === '/api/v1/medications/schedules') {
      return jsonResponse({ schedules });
    }
    if (method === 'POST' && path === '/api/v1/medications/schedules') {
      const created = schedule({
        id: `10000000-0000-4000-8000-${String(schedules.length + 2).padStart(12, '0')}`,
        ...(body as Partial<MedicationSchedule>),
        medication: { ...schedule().medication },
      });
      schedules.push(created);
      return jsonResponse(created, 201);
    }
    if (method === 'GET' && path === '/api/v1/medications/doses') return jsonResponse({ doses });
    const answer = /^\/api\/v1\/medications\/doses\/([^/]+)\/answer$/.exec(path);
    if (method === 'POST' && answer) {
      const i = doses.findIndex((d) => d.id === answer[1]);
      const status = body.answer as MedicationDose['status'];
      doses[i] = {
        ...doses[i]!,
        status,
        answeredAt: status === 'snoozed' ? null : '2026-11-28T13:05:00.000Z',
        answeredBy: status === 'snoozed' ? null : { id: patientMe.id, name: patientMe.name },
        snoozedUntil: status === 'snoozed' ? '2026-11-28T13:15:00.000Z' : null,
      };
      return jsonResponse(doses[i]);
    }
    if (method === 'GET' && path === '/api/v1/medications/adherence') {
      return jsonResponse(options.adherence ?? adherence([], null));
    }
    return jsonResponse({ title: 'Not found', status: 404 }, 404);
  });

  return {
    ...records,
    /** The next `method path` call answers this instead. */
    failNext(method: string, path: string, response: Response) {
      failures.set(`${method} ${path}`, response);
    },
    medicationRequests: (method: string, path: string) =>
      records.requests.filter((r) => r.method === method && r.path.split('?')[0] === path),
  };
}
