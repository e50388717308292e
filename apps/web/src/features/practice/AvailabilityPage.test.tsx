import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import {
  followUp,
  practiceServer,
  validationProblem,
  type PracticeServerOptions,
} from './practice-fake-server.ts';

function renderAvailability(options: PracticeServerOptions = {}) {
  const server = practiceServer(options);
  const view = renderApp({
    path: '/practice/availability',
    session: signedInSession(),
    fetch: server.fetch,
  });
  return { ...view, calls: server.calls };
}

const day = (name: string) => screen.getByRole('group', { name });
const setTime = (input: HTMLElement, value: string) =>
  fireEvent.change(input, { target: { value } });

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

describe('Practice availability', { timeout: 30_000 }, () => {
  it('edits the weekly hours and sends them all in one payload', async () => {
    const { user, calls } = renderAvailability();
    expect(await screen.findByRole('heading', { level: 1, name: 'Availability' })).toBeVisible();
    await screen.findByRole('heading', { level: 2, name: 'Weekly hours' });
    expect(within(day('Tuesday')).getByText('Not available')).toBeVisible();

    // Monday: 9:00–12:00 and 13:00–17:00.
    setTime(within(day('Monday')).getByLabelText('To'), '12:00');
    await user.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    const [, secondFrom] = within(day('Monday')).getAllByLabelText('From');
    await waitFor(() => expect(secondFrom).toHaveFocus());
    setTime(secondFrom!, '13:00');
    setTime(within(day('Monday')).getAllByLabelText('To')[1]!, '17:00');
    // Copy to Tuesday–Friday, then Friday afternoons off, and Saturday mornings.
    await user.click(screen.getByRole('button', { name: 'Copy to weekdays from Monday' }));
    expect(within(day('Thursday')).getAllByLabelText('From')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Remove Friday hours 2' }));
    await user.click(screen.getByRole('button', { name: 'Add hours on Saturday' }));
    setTime(within(day('Saturday')).getByLabelText('To'), '12:00');
    await user.click(screen.getByRole('button', { name: 'Save weekly hours' }));

    expect(await screen.findByText('Weekly hours saved.')).toBeVisible();
    const morning = { start: '09:00', end: '12:00' };
    const afternoon = { start: '13:00', end: '17:00' };
    expect(calls).toEqual([
      {
        method: 'PUT',
        path: '/api/v1/practice/availability/weekly-hours',
        body: {
          weeklyHours: [
            { weekday: 'mon', ...morning },
            { weekday: 'mon', ...afternoon },
            { weekday: 'tue', ...morning },
            { weekday: 'tue', ...afternoon },
            { weekday: 'wed', ...morning },
            { weekday: 'wed', ...afternoon },
            { weekday: 'thu', ...morning },
            { weekday: 'thu', ...afternoon },
            { weekday: 'fri', ...morning },
            { weekday: 'sat', ...morning },
          ],
        },
      },
    ]);
  });

  it('does not send hours that end before they start, and says so next to the field', async () => {
    const { user, calls } = renderAvailability();
    await screen.findByRole('heading', { level: 2, name: 'Weekly hours' });
    const to = within(day('Monday')).getByLabelText('To');
    setTime(to, '08:00');
    await user.click(screen.getByRole('button', { name: 'Save weekly hours' }));
    expect(to).toHaveAccessibleDescription('Must end after it starts.');
    expect(to).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(to).toHaveFocus());
    expect(calls).toEqual([]);
  });

  it('shows a field error from the server next to its field', async () => {
    const { user, calls } = renderAvailability({
      intercept: ({ url, method }) =>
        url.pathname === '/api/v1/practice/appointment-types' && method === 'POST'
          ? validationProblem([
              {
                path: 'body.durationMinutes',
                message: 'Too big: expected number to be <=480',
                code: 'too_big',
              },
            ])
          : undefined,
    });
    await user.click(await screen.findByRole('button', { name: 'Add appointment type' }));
    const form = screen.getByRole('heading', { name: 'New appointment type' }).closest('form')!;
    const name = within(form).getByLabelText('Name');
    expect(name).toHaveFocus();
    await user.type(name, 'Long surgery review');
    const duration = within(form).getByLabelText('Length (minutes)');
    await user.clear(duration);
    await user.type(duration, '600');
    await user.click(within(form).getByRole('button', { name: 'Add appointment type' }));

    expect(await within(form).findByText('Too big: expected number to be <=480')).toBeVisible();
    expect(duration).toHaveAttribute('aria-invalid', 'true');
    expect(duration).toHaveAccessibleDescription('Too big: expected number to be <=480');
    await waitFor(() => expect(duration).toHaveFocus());
    expect(within(form).getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/api/v1/practice/appointment-types',
        body: {
          name: 'Long surgery review',
          modality: 'in_person',
          durationMinutes: 600,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minimumNoticeMinutes: 60,
          bookingHorizonDays: 90,
        },
      },
    ]);
  });

  it('adds an appointment type, stops offering one and offers it again', async () => {
    const { user, calls } = renderAvailability();
    const card = (await screen.findByRole('heading', { name: 'Appointment types' })).closest(
      'section',
    )!;
    expect(await within(card).findByText('Follow-up')).toBeVisible();
    expect(within(card).getByText('30 min · In person')).toBeVisible();

    await user.click(within(card).getByRole('button', { name: 'Stop offering Follow-up' }));
    expect(
      await within(card).findByText('Follow-up is no longer offered. Booked appointments stay.'),
    ).toBeVisible();
    expect(await within(card).findByText('Not offered')).toBeVisible();
    await user.click(within(card).getByRole('button', { name: 'Offer again: Follow-up' }));
    expect(await within(card).findByText('Follow-up is offered again.')).toBeVisible();
    expect(calls).toEqual([
      {
        method: 'PATCH',
        path: `/api/v1/practice/appointment-types/${followUp.id}`,
        body: { active: false },
      },
      {
        method: 'PATCH',
        path: `/api/v1/practice/appointment-types/${followUp.id}`,
        body: { active: true },
      },
    ]);

    await user.click(within(card).getByRole('button', { name: 'Add appointment type' }));
    await user.type(within(card).getByLabelText('Name'), 'Phone advice');
    await user.selectOptions(within(card).getByLabelText('Visit'), 'phone');
    await user.click(within(card).getByRole('button', { name: 'Add appointment type' }));
    expect(await within(card).findByText('Phone advice added.')).toBeVisible();
    expect(await within(card).findByText('30 min · Phone call')).toBeVisible();
  });

  it('closes a date and adds time off, read on the clinic’s clock', async () => {
    const { user, calls } = renderAvailability();
    const overrides = (await screen.findByRole('heading', { name: 'Special dates' })).closest(
      'section',
    )!;
    expect(within(overrides).getByText('No special dates.')).toBeVisible();
    fireEvent.change(within(overrides).getByLabelText('Date'), {
      target: { value: '2026-12-24' },
    });
    await user.click(within(overrides).getByRole('button', { name: 'Save special date' }));
    expect(await within(overrides).findByText('Hours for Thu 24 Dec saved.')).toBeVisible();
    expect(within(overrides).getByText('Closed')).toBeVisible();

    const timeOff = screen.getByRole('heading', { name: 'Time off' }).closest('section')!;
    fireEvent.change(within(timeOff).getByLabelText('Starts'), {
      target: { value: '2026-12-28T08:00' },
    });
    fireEvent.change(within(timeOff).getByLabelText('Ends'), {
      target: { value: '2027-01-02T18:00' },
    });
    await user.type(within(timeOff).getByLabelText('Note (optional)'), 'Holiday');
    await user.click(within(timeOff).getByRole('button', { name: 'Add time off' }));
    expect(await within(timeOff).findByText('Time off added.')).toBeVisible();
    expect(within(timeOff).getByText('Mon 28 Dec, 8:00 – Sat 2 Jan, 18:00')).toBeVisible();

    expect(calls).toEqual([
      {
        method: 'PUT',
        path: '/api/v1/practice/availability/overrides/2026-12-24',
        body: { intervals: [] },
      },
      {
        method: 'POST',
        path: '/api/v1/practice/availability/time-off',
        body: {
          start: '2026-12-28T08:00:00-05:00',
          end: '2027-01-02T18:00:00-05:00',
          reason: 'Holiday',
        },
      },
    ]);

    await user.click(
      within(timeOff).getByRole('button', {
        name: 'Remove time off Mon 28 Dec, 8:00 – Sat 2 Jan, 18:00',
      }),
    );
    expect(await within(timeOff).findByText('No time off planned.')).toBeVisible();
    expect(calls.at(-1)?.method).toBe('DELETE');
  });
});
