import { describe, expect, it } from 'vitest';
import { NotificationKind } from '@carecircle/core';
import { renderNotification, type RenderInput } from './notification-text.ts';

const base = (kind: NotificationKind, over: Partial<RenderInput> = {}): RenderInput => ({
  kind,
  params: {},
  secret: {},
  locale: 'en',
  timeZone: 'America/New_York',
  aboutSomeoneElse: false,
  patientName: null,
  ...over,
});

const full: Record<NotificationKind, Pick<RenderInput, 'params' | 'secret'>> = {
  'appointment.booked': {
    params: { start: '2027-01-05T15:00:00Z', providerName: 'Dr. Rao' },
    secret: {},
  },
  'appointment.rescheduled': {
    params: { start: '2027-01-05T15:00:00Z', providerName: 'Dr. Rao' },
    secret: {},
  },
  'appointment.cancelled': {
    params: { start: '2027-01-05T15:00:00Z', providerName: 'Dr. Rao' },
    secret: {},
  },
  'appointment.checked-in': {
    params: { start: '2027-01-05T15:00:00Z', providerName: 'Dr. Rao' },
    secret: {},
  },
  'appointment.reminder': {
    params: { start: '2027-01-05T15:00:00Z', providerName: 'Dr. Rao', offsetMinutes: 120 },
    secret: {},
  },
  'waitlist.offer': {
    params: {
      start: '2027-01-05T15:00:00Z',
      providerName: 'Dr. Rao',
      expiresAt: '2027-01-04T15:30:00Z',
    },
    secret: {},
  },
  'medication.due': {
    params: { doseId: '6f1c1c9e-4c67-4d38-9d0e-3f8ac0f1b001', scheduledAt: '2027-01-05T13:00:00Z' },
    secret: { medication: 'Lisinopril 10 mg' },
  },
  'medication.missed': {
    params: {
      doseId: '6f1c1c9e-4c67-4d38-9d0e-3f8ac0f1b001',
      scheduledAt: '2027-01-05T13:00:00Z',
      patientName: 'Ana',
    },
    secret: { medication: 'Lisinopril 10 mg' },
  },
  'result.new': { params: { resourceType: 'Observation' }, secret: { title: 'Potassium' } },
  'health-event.upcoming': {
    params: { start: '2027-01-05T15:00:00Z' },
    secret: { title: 'Colonoscopy' },
  },
};

describe('notification texts', () => {
  for (const kind of NotificationKind.options) {
    for (const locale of ['en', 'es'] as const) {
      it(`${kind} (${locale}): words, the time in the reader's zone, no secret in the title`, () => {
        const r = renderNotification(base(kind, { ...full[kind], locale }));
        expect(r.title.length).toBeGreaterThan(3);
        expect(r.body.length).toBeGreaterThan(3);
        expect(r.actions.at(-1)).toEqual({ id: 'open', label: locale === 'es' ? 'Abrir' : 'Open' });
        for (const v of Object.values(full[kind].secret)) expect(r.title).not.toContain(String(v));
        if ('start' in full[kind].params && kind !== 'result.new') {
          // 15:00Z is 10:00 in New York in January.
          expect(r.body).toContain('10:00');
        }
        // Missing everything: generic but still words, never a throw.
        const bare = renderNotification(base(kind, { locale }));
        expect(bare.title.length).toBeGreaterThan(3);
        expect(bare.body).not.toMatch(/undefined|null|NaN|Invalid/);
      });
    }
  }

  it('writes Spanish and English differently, and names the person cared for', () => {
    const en = renderNotification(base('appointment.reminder', full['appointment.reminder']));
    const es = renderNotification(
      base('appointment.reminder', { ...full['appointment.reminder'], locale: 'es' }),
    );
    expect(en).toMatchObject({
      title: 'Reminder: you have an appointment',
      body: 'In 2 hours: Tue 5 Jan, 10:00 with Dr. Rao.',
    });
    expect(es.title).toBe('Recordatorio: tiene una cita');
    expect(es.body).toMatch(/^En 2 horas: mar 5 ene, 10:00 con Dr\. Rao\.$/);
    const carer = renderNotification(
      base('appointment.booked', {
        ...full['appointment.booked'],
        aboutSomeoneElse: true,
        patientName: 'Ana',
      }),
    );
    expect(carer.title).toBe('Appointment booked for Ana');
  });

  it('uses sealed values only when given them', () => {
    const withSecret = renderNotification(base('medication.due', full['medication.due']));
    expect(withSecret.body).toContain('Lisinopril 10 mg');
    const without = renderNotification(
      base('medication.due', { ...full['medication.due'], secret: {} }),
    );
    expect(without.title).toBe('Time for your medicine');
    expect(without.body).toBe('A dose planned for Tue 5 Jan, 8:00. Open CareCircle to see it.');
    expect(withSecret.actions.map((a) => a.id)).toEqual([
      'dose:taken',
      'dose:skipped',
      'dose:snoozed',
      'open',
    ]);
  });

  it('survives malformed params', () => {
    const r = renderNotification(
      base('appointment.reminder', {
        params: { start: 'not a date', offsetMinutes: 'x', providerName: 42 },
        timeZone: 'Not/AZone',
      }),
    );
    expect(r.body).toBe('With your provider.');
  });

  it('names nobody in medication titles when discreet (e-mail subjects, lock screens)', () => {
    const forCarer = { aboutSomeoneElse: true, patientName: 'Ana', discreet: true };
    const due = renderNotification(
      base('medication.due', { ...full['medication.due'], ...forCarer }),
    );
    expect(due.title).toBe('You have a medication reminder');
    const missed = renderNotification(
      base('medication.missed', { ...full['medication.missed'], ...forCarer, locale: 'es' }),
    );
    expect(missed.title).toBe('Una dosis sin confirmar');
    const inApp = renderNotification(
      base('medication.missed', { ...full['medication.missed'], ...forCarer, discreet: false }),
    );
    expect(inApp.title).toBe('Ana has not confirmed a dose');
  });

  it('names the patient, not the provider, when the provider reads it', () => {
    const providerId = '0b6f4c5e-1d2a-4e3b-8c9d-0a1b2c3d4e5f';
    const r = renderNotification(
      base('appointment.booked', {
        params: { ...full['appointment.booked'].params, providerId, patientName: 'Ana' },
        aboutSomeoneElse: true,
        patientName: 'Ana',
        readerId: providerId,
      }),
    );
    expect(r).toMatchObject({
      title: 'Appointment booked for Ana',
      body: 'Tue 5 Jan, 10:00 with Ana.',
    });
  });
});
