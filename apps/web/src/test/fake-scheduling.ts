import {
  PROBLEM_BASE,
  type ActingForGrant,
  type Appointment,
  type Me,
  type ProviderListItem,
  type WaitlistEntry,
} from '@carecircle/core';
import { defaultHandler, jsonResponse, problemResponse, type Handler } from './fake-api.ts';
import { providers as fixtureProviders } from './fixtures.ts';

/** The signed-in patient of the scheduling fakes. */
export const patientMe: Me = {
  id: '0b7a6f8e-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
  email: 'sam@example.org',
  name: 'Sam Rivera',
  roles: ['patient', 'caregiver'],
  status: 'active',
  locale: 'en',
  timeZone: 'Europe/Madrid',
  emailVerified: true,
};

/** A patient Sam may act for. */
export const mariaGrant: ActingForGrant = {
  grantId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  patient: { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', name: 'Maria Alvarez' },
  scopes: ['appointments:manage'],
  endsAt: null,
};

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
  headers: Record<string, string>;
}

export interface FakeSchedulingOptions {
  providers?: ProviderListItem[];
  /** Slot starts (ISO, any offset) the server answers 409 slot-unavailable for. */
  taken?: string[];
  /** Providers with no free slots at all. */
  fullyBooked?: string[];
  /** UTC hours of the day the fake offers slots at (30 min each). */
  slotHoursUtc?: number[];
  appointments?: Appointment[];
  waitlist?: WaitlistEntry[];
  actingFor?: ActingForGrant[];
  me?: Me;
}

const problem = (status: number, type: string, title: string, detail: string) =>
  new Response(
    JSON.stringify({ type: PROBLEM_BASE + type, title, status, detail, requestId: 'req-test' }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

const DAY_MS = 86_400_000;

/**
 * A small in-memory scheduling server behind the fake fetch: providers, slots (every day at
 * the given UTC hours), booking with 409 for taken slots, appointments, waitlist, calendar feed.
 * Every request is recorded with its headers.
 */
export function createFakeScheduling(options: FakeSchedulingOptions = {}) {
  const providers = options.providers ?? fixtureProviders;
  const taken = new Set((options.taken ?? []).map((s) => Date.parse(s)));
  const appointments = new Map((options.appointments ?? []).map((a) => [a.id, a]));
  const waitlist = [...(options.waitlist ?? [])];
  const me = options.me ?? patientMe;
  const hours = options.slotHoursUtc ?? [15, 15.5];
  let feedToken = 'feed-token-1';
  const requests: RecordedRequest[] = [];

  const people = new Map<string, { id: string; name: string }>([
    [me.id, { id: me.id, name: me.name }],
  ]);
  for (const g of options.actingFor ?? []) people.set(g.patient.id, g.patient);

  const busy = (providerId: string, start: number) =>
    taken.has(start) ||
    [...appointments.values()].some(
      (a) =>
        a.provider.id === providerId &&
        (a.status === 'booked' || a.status === 'checked_in') &&
        Date.parse(a.start) === start,
    );

  const slotsFor = (provider: ProviderListItem, typeId: string, from: number, to: number) => {
    if (options.fullyBooked?.includes(provider.id)) return [];
    const type = provider.appointmentTypes.find((x) => x.id === typeId);
    if (!type) return [];
    const slots: { start: string; end: string }[] = [];
    for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
      for (const h of hours) {
        const start = day + h * 3_600_000;
        if (start < from || start >= to || busy(provider.id, start)) continue;
        slots.push({
          start: new Date(start).toISOString(),
          end: new Date(start + type.durationMinutes * 60_000).toISOString(),
        });
      }
    }
    return slots;
  };

  const feed = () => ({
    webcalUrl: `webcal://carecircle.example/calendar/${feedToken}.ics`,
    httpsUrl: `https://carecircle.example/calendar/${feedToken}.ics`,
  });

  const handler: Handler = (req) => {
    const path = req.url.pathname;
    requests.push({
      method: req.method,
      path: path + req.url.search,
      body: req.body,
      headers: req.headers ?? {},
    });
    const now = new Date().toISOString();
    const actingFor = req.headers?.['x-acting-for'];
    const currentPatient = actingFor ? people.get(actingFor) : people.get(me.id);

    if (path === '/api/v1/me') return jsonResponse(me);
    if (path === '/api/v1/grants/acting-for')
      return jsonResponse({ items: options.actingFor ?? [] });
    if (path === '/api/v1/providers') {
      const q = req.url.searchParams.get('q')?.toLowerCase() ?? '';
      const modality = req.url.searchParams.get('modality');
      const language = req.url.searchParams.get('language');
      return jsonResponse({
        items: providers.filter(
          (p) =>
            (!q || p.name.toLowerCase().includes(q) || p.specialty.toLowerCase().includes(q)) &&
            (!modality || p.modalities.includes(modality as never)) &&
            (!language || p.languages.includes(language)),
        ),
      });
    }
    let m = /^\/api\/v1\/providers\/([^/]+)(\/slots)?$/.exec(path);
    if (m) {
      const provider = providers.find((p) => p.id === m![1]);
      if (!provider) return problem(404, 'not-found', 'Not found', 'No such provider.');
      if (!m[2]) return jsonResponse(provider);
      const from = Date.parse(req.url.searchParams.get('from') ?? '');
      const to = Date.parse(req.url.searchParams.get('to') ?? '');
      if (!(from < to) || to - from > 90 * DAY_MS) {
        return problem(400, 'validation', 'Some fields need fixing', 'query.to: bad range');
      }
      const typeId = req.url.searchParams.get('appointmentTypeId') ?? '';
      return jsonResponse({
        timeZone: provider.location.timeZone,
        slots: slotsFor(provider, typeId, from, to),
      });
    }
    if (path === '/api/v1/appointments' && req.method === 'POST') {
      const body = req.body as {
        providerId: string;
        appointmentTypeId: string;
        start: string;
        patientId?: string;
        reason?: string;
      };
      const provider = providers.find((p) => p.id === body.providerId);
      const type = provider?.appointmentTypes.find((x) => x.id === body.appointmentTypeId);
      if (!provider || !type) return problem(404, 'not-found', 'Not found', 'No such provider.');
      const start = Date.parse(body.start);
      if (busy(provider.id, start)) {
        return problem(409, 'slot-unavailable', 'Slot unavailable', 'That time was just taken.');
      }
      const patient = people.get(body.patientId ?? me.id) ?? people.get(me.id)!;
      const appointment: Appointment = {
        id: crypto.randomUUID(),
        patient,
        provider: {
          id: provider.id,
          name: provider.name,
          specialty: provider.specialty,
          location: provider.location,
        },
        appointmentType: type,
        start: new Date(start).toISOString(),
        end: new Date(start + type.durationMinutes * 60_000).toISOString(),
        status: 'booked',
        reason: body.reason ?? null,
        bookedBy: { id: me.id, name: me.name },
        cancellation: null,
        sequence: 0,
        createdAt: now,
        updatedAt: now,
      };
      appointments.set(appointment.id, appointment);
      return jsonResponse(appointment, 201);
    }
    if (path === '/api/v1/appointments') {
      const items = [...appointments.values()].filter((a) => a.patient.id === currentPatient?.id);
      return jsonResponse({ items });
    }
    m = /^\/api\/v1\/appointments\/([^/]+)(?:\/(reschedule|cancel|calendar\.ics))?$/.exec(path);
    if (m) {
      const a = appointments.get(m[1]!);
      if (!a) return problem(404, 'not-found', 'Not found', 'No such appointment.');
      if (!m[2]) return jsonResponse(a);
      if (m[2] === 'calendar.ics') {
        return new Response(`BEGIN:VCALENDAR\r\nUID:${a.id}\r\nEND:VCALENDAR\r\n`, {
          headers: { 'content-type': 'text/calendar' },
        });
      }
      if (m[2] === 'reschedule') {
        const start = Date.parse((req.body as { start: string }).start);
        if (busy(a.provider.id, start)) {
          return problem(409, 'slot-unavailable', 'Slot unavailable', 'That time was just taken.');
        }
        const moved: Appointment = {
          ...a,
          start: new Date(start).toISOString(),
          end: new Date(start + a.appointmentType.durationMinutes * 60_000).toISOString(),
          sequence: a.sequence + 1,
          updatedAt: now,
        };
        appointments.set(a.id, moved);
        return jsonResponse(moved);
      }
      const cancelled: Appointment = {
        ...a,
        status: 'cancelled',
        cancellation: { reason: (req.body as { reason: string }).reason, by: a.bookedBy, at: now },
        sequence: a.sequence + 1,
        updatedAt: now,
      };
      appointments.set(a.id, cancelled);
      return jsonResponse(cancelled);
    }
    if (path === '/api/v1/waitlist' && req.method === 'POST') {
      const body = req.body as {
        providerId: string;
        appointmentTypeId: string;
        earliest: string;
        latest: string;
        patientId?: string;
      };
      const provider = providers.find((p) => p.id === body.providerId)!;
      const entry: WaitlistEntry = {
        id: crypto.randomUUID(),
        patient: people.get(body.patientId ?? me.id)!,
        provider: { id: provider.id, name: provider.name },
        appointmentType: provider.appointmentTypes.find((x) => x.id === body.appointmentTypeId)!,
        earliest: body.earliest,
        latest: body.latest,
        status: 'waiting',
        offer: null,
        createdAt: now,
      };
      waitlist.push(entry);
      return jsonResponse(entry, 201);
    }
    if (path === '/api/v1/waitlist') return jsonResponse({ items: waitlist });
    m = /^\/api\/v1\/waitlist\/offers\/([^/]+)\/(accept|decline)$/.exec(path);
    if (m) {
      const entry = waitlist.find((e) => e.offer?.id === m![1]);
      if (!entry?.offer) return problem(409, 'offer-expired', 'Offer expired', 'Too late.');
      const offer = entry.offer;
      if (m[2] === 'decline') {
        entry.offer = null;
        entry.status = 'cancelled';
        return new Response(null, { status: 204 });
      }
      const provider = providers.find((p) => p.id === entry.provider.id)!;
      const appointment: Appointment = {
        id: crypto.randomUUID(),
        patient: entry.patient,
        provider: {
          id: provider.id,
          name: provider.name,
          specialty: provider.specialty,
          location: provider.location,
        },
        appointmentType: entry.appointmentType,
        start: offer.start,
        end: offer.end,
        status: 'booked',
        reason: null,
        bookedBy: { id: me.id, name: me.name },
        cancellation: null,
        sequence: 0,
        createdAt: now,
        updatedAt: now,
      };
      appointments.set(appointment.id, appointment);
      entry.offer = null;
      entry.status = 'booked';
      return jsonResponse(appointment, 201);
    }
    m = /^\/api\/v1\/waitlist\/([^/]+)$/.exec(path);
    if (m && req.method === 'DELETE') {
      const i = waitlist.findIndex((e) => e.id === m[1]);
      if (i >= 0) waitlist[i] = { ...waitlist[i]!, status: 'cancelled' };
      return new Response(null, { status: 204 });
    }
    if (path === '/api/v1/calendar-feed') return jsonResponse(feed());
    if (path === '/api/v1/calendar-feed/rotate' && req.method === 'POST') {
      feedToken = `feed-token-${Number(feedToken.split('-').at(-1)) + 1}`;
      return jsonResponse(feed());
    }
    if (path.startsWith('/api/v1/')) {
      if (path === '/api/v1/info') return defaultHandler(req);
      return problemResponse(404, 'Not found');
    }
    return defaultHandler(req);
  };

  return {
    handler,
    requests,
    appointments,
    waitlist,
    /** Requests to one path (query string ignored) and method. */
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path.split('?')[0] === path),
  };
}
