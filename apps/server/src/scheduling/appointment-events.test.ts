import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { deliverAppointmentChange } from './appointment-events.ts';
import {
  DAY,
  api,
  book,
  caregiverOf,
  eventually,
  invitationIn,
  notificationsOf,
  person,
  practice,
  realtimeEventsOf,
  slotAfter,
} from './notices-test-kit.ts';

/**
 * A change to an appointment enqueues `appointments.changed` in its transaction; the job makes
 * the in-app notifications (whose e-mail carries the invitation) and the realtime events for
 * the patient, the caregivers who may see appointments, and the provider.
 */

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ config: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await app?.close();
  await smtp.close();
});

async function world() {
  const { provider, typeId } = await practice(app);
  const patient = await person(app, { name: 'Pat Events', timeZone: 'Europe/Paris' });
  const caregiver = await caregiverOf(app, patient, ['appointments:read'], {
    name: 'Cara Events',
  });
  const outsider = await caregiverOf(app, patient, ['records:read'], { name: 'Otto Records' });
  const start = slotAfter(new Date(), 3 * DAY);
  return { provider, typeId, patient, caregiver, outsider, start };
}

const waitForKind = (recipientId: string, kind: string, count = 1) =>
  eventually(
    async () => {
      const rows = await notificationsOf(app, recipientId, kind);
      return rows.length >= count ? rows : undefined;
    },
    15_000,
    `${count} ${kind} notification(s)`,
  );

const waitForEvent = (accountId: string, type: string) =>
  eventually(
    async () => (await realtimeEventsOf(app, accountId)).find((e) => e.type === type),
    15_000,
    `a ${type} event`,
  );

describe('appointment change notifications', () => {
  it('tells the patient, caregivers who may see appointments and the provider of a booking', async () => {
    const w = await world();
    const appointment = await book(app, w.patient, {
      providerId: w.provider.account.id,
      typeId: w.typeId,
      start: w.start,
    });
    const [mine] = await waitForKind(w.patient.account.id, 'appointment.booked');
    expect(mine).toMatchObject({
      url: `/appointments/${appointment.id}`,
      patient_id: w.patient.account.id,
      dedupe_key: `appointment:${appointment.id}:booked:0`,
      params: {
        appointmentId: appointment.id,
        start: w.start.toISOString(),
        providerName: 'Dr. Ada Reminder',
        patientName: 'Pat Events',
      },
    });
    expect(mine!.sealed).toBeNull();
    const [theirs] = await waitForKind(w.caregiver.account.id, 'appointment.booked');
    expect(theirs!.url).toBe(`/appointments/${appointment.id}`);
    const [providers] = await waitForKind(w.provider.account.id, 'appointment.booked');
    expect(providers!.url).toBe('/practice');
    expect(await notificationsOf(app, w.outsider.account.id)).toEqual([]);

    for (const who of [w.patient, w.caregiver, w.provider]) {
      const event = await waitForEvent(who.account.id, 'appointment.created');
      expect(event.data).toEqual({
        appointmentId: appointment.id,
        start: w.start.toISOString(),
        status: 'booked',
      });
    }
    expect(await realtimeEventsOf(app, w.outsider.account.id)).toEqual([]);

    // The e-mail channel sends the invitation (rendered by scheduling).
    const mail = await smtp.waitFor(w.provider.account.email, 'Appointment booked', 20_000);
    expect(invitationIn(mail.raw)).toContain('METHOD:REQUEST');

    // The job is idempotent: running it again creates nothing more.
    await deliverAppointmentChange(app.deps, {
      appointmentId: appointment.id,
      change: 'booked',
      sequence: 0,
    });
    expect(await notificationsOf(app, w.patient.account.id, 'appointment.booked')).toHaveLength(1);
  });

  it('tells them of a reschedule and a cancellation (with the CANCEL invitation)', async () => {
    const w = await world();
    const appointment = await book(app, w.patient, {
      providerId: w.provider.account.id,
      typeId: w.typeId,
      start: w.start,
    });
    const later = new Date(w.start.getTime() + DAY);
    const moved = await api(app, w.patient, 'POST', `/appointments/${appointment.id}/reschedule`, {
      start: later.toISOString(),
    });
    expect(moved.status).toBe(200);
    const [rescheduled] = await waitForKind(w.caregiver.account.id, 'appointment.rescheduled');
    expect(rescheduled).toMatchObject({
      dedupe_key: `appointment:${appointment.id}:rescheduled:1`,
      params: { start: later.toISOString() },
    });
    expect((await waitForEvent(w.provider.account.id, 'appointment.rescheduled')).data).toEqual({
      appointmentId: appointment.id,
      start: later.toISOString(),
      status: 'booked',
    });

    const cancelled = await api(app, w.provider, 'POST', `/appointments/${appointment.id}/cancel`, {
      reason: 'Clinic closed',
    });
    expect(cancelled.status).toBe(200);
    const [gone] = await waitForKind(w.patient.account.id, 'appointment.cancelled');
    expect(gone!.dedupe_key).toBe(`appointment:${appointment.id}:cancelled:2`);
    expect(JSON.stringify(gone!.params)).not.toContain('Clinic closed');
    const event = await waitForEvent(w.caregiver.account.id, 'appointment.cancelled');
    expect(event.data).toMatchObject({ appointmentId: appointment.id, status: 'cancelled' });
    const mail = await smtp.waitFor(w.patient.account.email, 'Appointment cancelled', 20_000);
    expect(invitationIn(mail.raw)).toContain('METHOD:CANCEL');
  });

  it("tells the patient's side of a check-in, and the provider's apps only live", async () => {
    const w = await world();
    const appointment = await book(app, w.patient, {
      providerId: w.provider.account.id,
      typeId: w.typeId,
      start: w.start,
    });
    const checkedIn = await api(app, w.provider, 'POST', `/appointments/${appointment.id}/status`, {
      status: 'checked_in',
    });
    expect(checkedIn.status).toBe(200);
    await waitForKind(w.patient.account.id, 'appointment.checked-in');
    await waitForKind(w.caregiver.account.id, 'appointment.checked-in');
    const event = await waitForEvent(w.provider.account.id, 'appointment.checked-in');
    expect(event.data).toMatchObject({ appointmentId: appointment.id, status: 'checked_in' });
    expect(await notificationsOf(app, w.provider.account.id, 'appointment.checked-in')).toEqual([]);
  });
});
