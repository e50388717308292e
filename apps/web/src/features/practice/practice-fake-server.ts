// Test helper: a fake CareCircle server for the practice pages (not part of the app bundle).
import type {
  Appointment,
  AppointmentType,
  Availability,
  Me,
  PracticePatient,
  ProviderSummary,
} from '@carecircle/core';
import {
  createFakeFetch,
  defaultHandler,
  jsonResponse,
  problemResponse,
  type Handler,
} from '../../test/fake-api.ts';

export const okaforMe: Me = {
  id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  email: 'okafor@example.org',
  name: 'Dr. Amara Okafor',
  roles: ['provider'],
  status: 'active',
  locale: 'en',
  timeZone: 'America/New_York',
  emailVerified: true,
};

export const patientMe: Me = {
  ...okaforMe,
  id: '0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
  email: 'maria@example.org',
  name: 'Maria Alvarez',
  roles: ['patient'],
};

export const okaforProfile: ProviderSummary = {
  id: okaforMe.id,
  name: okaforMe.name,
  specialty: 'Orthopaedic surgery',
  languages: ['en', 'es'],
  modalities: ['in_person', 'video'],
  location: {
    name: 'Riverside Clinic',
    address: '12 River Road, Springfield',
    timeZone: 'America/New_York',
  },
  bio: 'Knee and hip surgeon.',
};

export const followUp: AppointmentType = {
  id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
  name: 'Follow-up',
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  modality: 'in_person',
  minimumNoticeMinutes: 60,
  bookingHorizonDays: 90,
  active: true,
};

const person = (id: string, name: string) => ({ id, name });
export const maria = person('0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b', 'Maria Alvarez');
export const priya = person('1c8b7a6f-4d3e-4f2a-8b9c-8d7e6f5a4b3c', 'Priya Nair');
export const jose = person('2d9c8b7a-5e4f-4a3b-9c0d-9e8f7a6b5c4d', 'José Núñez');

export function appointment(
  id: string,
  patient: { id: string; name: string },
  start: string,
  end: string,
  over: Partial<Appointment> = {},
): Appointment {
  return {
    id,
    patient,
    provider: {
      id: okaforProfile.id,
      name: okaforProfile.name,
      specialty: okaforProfile.specialty,
      location: okaforProfile.location,
    },
    appointmentType: {
      id: followUp.id,
      name: followUp.name,
      durationMinutes: followUp.durationMinutes,
      modality: followUp.modality,
    },
    start,
    end,
    status: 'booked',
    reason: null,
    bookedBy: patient,
    cancellation: null,
    sequence: 0,
    createdAt: '2026-11-20T15:00:00.000Z',
    updatedAt: '2026-11-20T15:00:00.000Z',
    ...over,
  };
}

/** Tue 1 Dec 9:30 in New York. */
export const mariaVisit = appointment(
  'a1a1a1a1-1111-4111-8111-111111111111',
  maria,
  '2026-12-01T09:30:00-05:00',
  '2026-12-01T10:00:00-05:00',
);
/** Tue 1 Dec 19:30 in New York, which is already Wednesday in UTC. */
export const priyaVisit = appointment(
  'a2a2a2a2-2222-4222-8222-222222222222',
  priya,
  '2026-12-02T00:30:00Z',
  '2026-12-02T01:00:00Z',
  {
    appointmentType: {
      id: followUp.id,
      name: 'Video check',
      durationMinutes: 30,
      modality: 'video',
    },
    reason: 'Knee still swollen',
  },
);
/** Thu 3 Dec 14:00 in New York, checked in. */
export const joseVisit = appointment(
  'a3a3a3a3-3333-4333-8333-333333333333',
  jose,
  '2026-12-03T14:00:00-05:00',
  '2026-12-03T14:30:00-05:00',
  { status: 'checked_in' },
);

export interface Call {
  method: string;
  path: string;
  body?: unknown;
}

export interface PracticeServerOptions {
  me?: Me;
  appointments?: Appointment[];
  availability?: Availability;
  types?: AppointmentType[];
  patients?: PracticePatient[];
  /** A verified provider who has not set up a profile yet (404 until it is saved). */
  noProfile?: boolean;
  /** Answers a request before the fake does (e.g. a 400), or undefined to let it through. */
  intercept?: (
    request: Parameters<Handler>[0],
  ) => Response | undefined | Promise<Response | undefined>;
}

export function validationProblem(errors: { path: string; message: string; code?: string }[]) {
  return new Response(
    JSON.stringify({
      type: 'https://carecircle.example/problems/validation',
      title: 'Some fields need fixing',
      status: 400,
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    }),
    { status: 400, headers: { 'content-type': 'application/problem+json' } },
  );
}

let ids = 0;
const newId = () => `b0b0b0b0-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** A provider's server: state changes with each call, and every write is recorded in `calls`. */
export function practiceServer(options: PracticeServerOptions = {}) {
  const me = options.me ?? okaforMe;
  let profile: ProviderSummary | undefined = options.noProfile ? undefined : okaforProfile;
  const appointments = new Map((options.appointments ?? []).map((a) => [a.id, a]));
  let availability: Availability = options.availability ?? {
    timeZone: 'America/New_York',
    weeklyHours: [{ weekday: 'mon', start: '09:00', end: '17:00' }],
    overrides: [],
    timeOff: [],
  };
  const types = new Map((options.types ?? [followUp]).map((t) => [t.id, t]));
  const calls: Call[] = [];

  const handler: Handler = async (req) => {
    const { pathname, searchParams } = req.url;
    if (req.method !== 'GET') calls.push({ method: req.method, path: pathname, body: req.body });
    const early = await options.intercept?.(req);
    if (early) return early;
    if (pathname === '/api/v1/me') return jsonResponse(me);
    if (pathname === '/api/v1/practice/profile') {
      if (req.method === 'PUT') {
        const body = req.body as Omit<ProviderSummary, 'id' | 'name'>;
        profile = { id: okaforProfile.id, name: okaforProfile.name, ...body };
      }
      if (!profile) {
        return problemResponse(
          404,
          'Not found',
          'You have not set up your provider profile yet: add your specialty and clinic.',
        );
      }
      return jsonResponse(profile);
    }
    if (pathname === '/api/v1/appointments' && req.method === 'GET') {
      const from = Date.parse(searchParams.get('from') ?? '');
      const to = Date.parse(searchParams.get('to') ?? '');
      const items = [...appointments.values()].filter(
        (a) => Date.parse(a.end) > from && Date.parse(a.start) < to,
      );
      return jsonResponse({ items });
    }
    const action = /^\/api\/v1\/appointments\/([^/]+)\/(status|cancel)$/.exec(pathname);
    if (action && req.method === 'POST') {
      const a = appointments.get(action[1] ?? '');
      if (!a) return defaultHandler(req);
      const body = req.body as { status?: Appointment['status']; reason?: string };
      const next: Appointment =
        action[2] === 'cancel'
          ? {
              ...a,
              status: 'cancelled',
              cancellation: {
                reason: body.reason ?? '',
                by: { id: me.id, name: me.name },
                at: '2026-11-27T12:00:00.000Z',
              },
            }
          : { ...a, status: body.status ?? a.status };
      appointments.set(a.id, next);
      return jsonResponse(next);
    }
    if (pathname === '/api/v1/practice/availability') return jsonResponse(availability);
    if (pathname === '/api/v1/practice/availability/weekly-hours' && req.method === 'PUT') {
      const body = req.body as Pick<Availability, 'weeklyHours'>;
      availability = { ...availability, weeklyHours: body.weeklyHours };
      return jsonResponse(availability);
    }
    const override = /^\/api\/v1\/practice\/availability\/overrides\/([\d-]+)$/.exec(pathname);
    if (override?.[1]) {
      const date = override[1];
      const rest = availability.overrides.filter((o) => o.date !== date);
      const intervals = (req.body as { intervals?: Availability['overrides'][0]['intervals'] })
        ?.intervals;
      availability = {
        ...availability,
        overrides: req.method === 'PUT' ? [...rest, { date, intervals: intervals ?? [] }] : rest,
      };
      return jsonResponse(availability);
    }
    if (pathname === '/api/v1/practice/availability/time-off' && req.method === 'POST') {
      const body = req.body as { start: string; end: string; reason?: string };
      availability = {
        ...availability,
        timeOff: [...availability.timeOff, { id: newId(), reason: null, ...body }],
      };
      return jsonResponse(availability, 201);
    }
    const timeOff = /^\/api\/v1\/practice\/availability\/time-off\/([^/]+)$/.exec(pathname);
    if (timeOff && req.method === 'DELETE') {
      availability = {
        ...availability,
        timeOff: availability.timeOff.filter((o) => o.id !== timeOff[1]),
      };
      return jsonResponse(availability);
    }
    if (pathname === '/api/v1/practice/appointment-types') {
      if (req.method === 'POST') {
        const created = { id: newId(), active: true, ...(req.body as object) } as AppointmentType;
        types.set(created.id, created);
        return jsonResponse(created, 201);
      }
      return jsonResponse({ items: [...types.values()] });
    }
    const type = /^\/api\/v1\/practice\/appointment-types\/([^/]+)$/.exec(pathname);
    if (type && req.method === 'PATCH') {
      const current = types.get(type[1] ?? '');
      if (!current) return defaultHandler(req);
      const next = { ...current, ...(req.body as object) };
      types.set(current.id, next);
      return jsonResponse(next);
    }
    if (pathname === '/api/v1/practice/patients') {
      return jsonResponse({ items: options.patients ?? [] });
    }
    return defaultHandler(req);
  };
  return { fetch: createFakeFetch(handler), calls };
}
