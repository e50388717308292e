import type { DoseAnswer, MedicationDose, Notification } from '@carecircle/core';
import { fakeApi } from '../../test/fake-api';

/** Test data for the notification centre (only tests import this file). */

let sequence = 0;

/** A unique notification id, as the server's uuids look. */
export function notificationId(): string {
  sequence += 1;
  return `7a0c5d2e-1b3f-4c8a-9e6d-${String(sequence).padStart(12, '0')}`;
}

export function buildNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: notificationId(),
    kind: 'appointment.booked',
    category: 'appointments',
    title: 'Appointment booked',
    body: 'Knee follow-up with Dr. Amara Okafor on 2 Dec at 15:00',
    url: '/appointments',
    urgent: false,
    patient: null,
    actions: [],
    createdAt: '2026-11-27T14:00:00.000Z',
    readAt: null,
    ...overrides,
  };
}

export const DOSE_ID = '3e9b1c6d-5a2f-4d7e-8b1c-9f0a2e4d6c81';

/** A "time to take your medication" reminder with its three answers. */
export function buildMedicationReminder(overrides: Partial<Notification> = {}): Notification {
  return buildNotification({
    kind: 'medication.due',
    category: 'medications',
    title: 'Time for Metformin 500 mg',
    body: 'Planned for 08:00',
    url: '/medications',
    urgent: true,
    actions: [
      { id: 'dose:taken', label: 'Taken', doseId: DOSE_ID },
      { id: 'dose:skipped', label: 'Skip', doseId: DOSE_ID },
      { id: 'dose:snoozed', label: 'Snooze', doseId: DOSE_ID },
    ],
    ...overrides,
  });
}

const READ_AT = '2026-11-27T15:00:00.000Z';

/**
 * A fake CareCircle API holding `initial` (newest first) that behaves like the server: pages
 * with `before`, unread count, mark read, mark all read, dose answers and push tokens. Every
 * request is in `requests`.
 */
export function notificationServer(initial: Notification[], options: { pageSize?: number } = {}) {
  const items = initial.map((n) => ({ ...n }));
  const unreadCount = () => items.filter((n) => n.readAt === null).length;
  const api = fakeApi({
    'GET /api/v1/notifications': (request) => {
      const limit = options.pageSize ?? Number(request.query.get('limit') ?? 30);
      const before = request.query.get('before');
      const start = before ? items.findIndex((n) => n.id === before) + 1 : 0;
      const page = items.slice(start, start + limit);
      const last = page.at(-1);
      const nextBefore = last && start + page.length < items.length ? last.id : null;
      return { status: 200, body: { items: page, unreadCount: unreadCount(), nextBefore } };
    },
    'GET /api/v1/notifications/unread-count': () => ({
      status: 200,
      body: { unreadCount: unreadCount() },
    }),
    'POST /api/v1/notifications/read-all': () => {
      for (const n of items) n.readAt ??= READ_AT;
      return { status: 200, body: { unreadCount: 0 } };
    },
    'POST /api/v1/notifications/:notificationId/read': (request) => {
      const found = items.find((n) => n.id === request.params.notificationId);
      if (!found)
        return { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404 } };
      found.readAt ??= READ_AT;
      return { status: 200, body: found };
    },
    'POST /api/v1/medications/doses/:doseId/answer': (request) => {
      const { answer } = request.body as { answer: DoseAnswer };
      const dose: MedicationDose = {
        id: request.params.doseId ?? DOSE_ID,
        scheduleId: '5c2d8e4f-7a1b-4c3d-9e8f-0a1b2c3d4e5f',
        medicationTitle: 'Metformin 500 mg',
        scheduledAt: '2026-11-27T13:00:00.000Z',
        status: answer,
        snoozedUntil: answer === 'snoozed' ? '2026-11-27T13:15:00.000Z' : null,
        answeredAt: '2026-11-27T13:01:00.000Z',
        answeredBy: { id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', name: 'Maria Lopez' },
      };
      return { status: 200, body: dose };
    },
    'POST /api/v1/push/mobile/tokens': () => ({
      status: 201,
      body: {
        id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        kind: 'mobile',
        label: 'Test phone',
        createdAt: '2026-11-27T13:00:00.000Z',
        lastUsedAt: null,
      },
    }),
  });
  /** Something new arrives (newest first). */
  const add = (notification: Notification) => items.unshift({ ...notification });
  const requested = (method: string, path: string) =>
    api.requests.filter((r) => r.method === method && r.path === path);
  return { ...api, items, add, requested };
}
