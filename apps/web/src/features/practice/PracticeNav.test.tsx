import { configure, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { problemResponse, requestedUrls } from '../../test/fake-api.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { patientMe, practiceServer } from './practice-fake-server.ts';

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

describe('Practice entry and profile', { timeout: 30_000 }, () => {
  it('gives providers a way in from the header, with section tabs', async () => {
    const server = practiceServer();
    const { user, router } = renderApp({
      path: '/',
      session: signedInSession(),
      fetch: server.fetch,
    });
    const link = await screen.findByRole('link', { name: 'My practice' });
    // The bottom bar keeps its six areas.
    expect(
      within(screen.getByRole('navigation', { name: 'Main menu' })).getAllByRole('link'),
    ).toHaveLength(6);
    await user.click(link);
    expect(await screen.findByRole('heading', { level: 1, name: 'Schedule' })).toHaveFocus();
    expect(router.state.location.pathname).toBe('/practice');
    const tabs = screen.getByRole('navigation', { name: 'Practice sections' });
    expect(
      within(tabs)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Schedule', 'Availability', 'Patients', 'Public profile']);
    expect(within(tabs).getByRole('link', { name: 'Schedule' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await user.click(within(tabs).getByRole('link', { name: 'Patients' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Patients' })).toHaveFocus();
  });

  it('is not offered to someone who is not a provider', async () => {
    const server = practiceServer({ me: patientMe });
    renderApp({ path: '/practice', session: signedInSession(), fetch: server.fetch });
    expect(
      await screen.findByText(
        'This area is for doctors and therapists who see patients on CareCircle.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: 'My practice' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Practice sections' })).toBeNull();
    expect(
      requestedUrls(server.fetch).filter((u) => u.pathname.startsWith('/api/v1/practice/')),
    ).toEqual([]);
  });

  it('edits the profile and shows the server’s field error next to the field', async () => {
    let reject = true;
    const server = practiceServer({
      intercept: ({ url, method }) => {
        if (url.pathname !== '/api/v1/practice/profile' || method !== 'PUT' || !reject) return;
        reject = false;
        return new Response(
          JSON.stringify({
            type: 'https://carecircle.example/problems/validation',
            title: 'Some fields need fixing',
            status: 400,
            errors: [
              {
                path: 'body.location.timeZone',
                message: 'Must be an IANA time zone such as America/New_York',
              },
            ],
          }),
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        );
      },
    });
    const { user } = renderApp({
      path: '/practice/profile',
      session: signedInSession(),
      fetch: server.fetch,
    });
    const specialty = await screen.findByLabelText('Specialty');
    await user.clear(specialty);
    await user.type(specialty, 'Sports medicine');
    await user.click(screen.getByRole('checkbox', { name: 'Phone call' }));
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    const zone = screen.getByLabelText('Clinic time zone');
    expect(
      await screen.findByText('Must be an IANA time zone such as America/New_York'),
    ).toBeVisible();
    expect(zone).toHaveAttribute('aria-invalid', 'true');
    expect(zone).toHaveAccessibleDescription(
      'Your hours and appointments use this time zone. Must be an IANA time zone such as America/New_York',
    );

    await user.selectOptions(zone, 'Europe/London');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved.')).toBeVisible();
    expect(server.calls.at(-1)).toEqual({
      method: 'PUT',
      path: '/api/v1/practice/profile',
      body: {
        specialty: 'Sports medicine',
        languages: ['en', 'es'],
        modalities: ['in_person', 'video', 'phone'],
        bio: 'Knee and hip surgeon.',
        location: {
          name: 'Riverside Clinic',
          address: '12 River Road, Springfield',
          timeZone: 'Europe/London',
        },
      },
    });
    // Dates on the practice pages now follow the new zone.
    expect(
      await screen.findByText(/Times are in your clinic’s time zone: .*Europe\/London/),
    ).toBeVisible();
  });

  it('asks a new provider to set up the profile first, then opens the schedule', async () => {
    const server = practiceServer({ noProfile: true });
    const { user } = renderApp({
      path: '/practice',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(await screen.findByText('Set up your public profile first')).toBeVisible();
    await user.type(screen.getByLabelText('Specialty'), 'Physiotherapy');
    await user.type(screen.getByLabelText('Clinic name'), 'Lake Clinic');
    await user.type(screen.getByLabelText('Clinic address'), '1 Lake Road');
    expect(screen.getByLabelText('Clinic time zone')).toHaveValue('America/New_York');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByRole('button', { name: 'Today' })).toBeVisible();
    expect(server.calls).toEqual([
      {
        method: 'PUT',
        path: '/api/v1/practice/profile',
        body: {
          specialty: 'Physiotherapy',
          languages: ['en'],
          modalities: ['in_person'],
          bio: '',
          location: { name: 'Lake Clinic', address: '1 Lake Road', timeZone: 'America/New_York' },
        },
      },
    ]);
  });

  it('tells a provider waiting for verification why the practice is closed', async () => {
    const server = practiceServer({
      intercept: ({ url }) =>
        url.pathname === '/api/v1/practice/profile'
          ? problemResponse(403, 'Forbidden', 'Your provider account is waiting for verification.')
          : undefined,
    });
    renderApp({ path: '/practice', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByText('You cannot manage a practice yet.')).toBeVisible();
    expect(screen.getByText('Your provider account is waiting for verification.')).toBeVisible();
  });
});
