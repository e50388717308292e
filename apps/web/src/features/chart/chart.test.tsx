import { configure, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PracticePatient } from '@carecircle/core';
import {
  HBA1C_TOKEN,
  createFakeChart,
  hba1cTrend,
  resultEntry,
  type FakePatient,
} from '../../test/fake-chart.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { maria, practiceServer } from '../practice/practice-fake-server.ts';

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

const diabetes = resultEntry({
  resourceType: 'Condition',
  category: 'condition',
  title: 'Type 2 diabetes',
  code: null,
  status: 'active',
  date: '2025-03-10',
  value: null,
  referenceRange: null,
  interpretation: null,
});

const mariaChart = (over: Partial<FakePatient> = {}): FakePatient => ({
  ...maria,
  summary: { conditions: [diabetes], latestResults: [{ ...resultEntry(), count: 6 }] },
  trends: { [HBA1C_TOKEN]: hba1cTrend() },
  timeline: [diabetes],
  ...over,
});

const chartUrl = `/practice/patients/${maria.id}`;

describe("Provider's patient chart", { timeout: 30_000 }, () => {
  it('shows the summary and adds a prescription to this patient’s record', async () => {
    const server = createFakeChart({ patients: [mariaChart()] });
    const { user } = renderApp({ path: chartUrl, session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByRole('heading', { level: 1, name: 'Maria Alvarez' })).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(await screen.findByRole('heading', { level: 2, name: 'Conditions' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Type 2 diabetes' })).toBeVisible();
    const summaryCall = server.calls.find((c) => c.path === '/api/v1/records/summary');
    expect(summaryCall?.query).toEqual({ patientId: maria.id });

    const sections = screen.getByRole('navigation', { name: 'Chart sections' });
    expect(within(sections).getByRole('link', { name: 'Summary' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await user.click(within(sections).getByRole('link', { name: 'Add to chart' }));
    await user.click(await screen.findByRole('radio', { name: 'A prescription' }));
    await user.type(screen.getByRole('textbox', { name: 'Medicine name' }), 'Metformin 500 mg');
    await user.type(
      screen.getByRole('textbox', { name: /How much and when/ }),
      'One tablet twice a day',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Added to the chart.')).toBeVisible();

    const post = server.calls.find(
      (c) => c.method === 'POST' && c.path === '/api/v1/records/entries',
    );
    expect(post?.query).toEqual({ patientId: maria.id });
    expect(post?.body).toMatchObject({
      kind: 'prescription',
      name: 'Metformin 500 mg',
      dosage: 'One tablet twice a day',
    });
    // The record is loaded again: the new prescription is in the summary.
    await user.click(
      within(screen.getByRole('navigation', { name: 'Chart sections' })).getByRole('link', {
        name: 'Summary',
      }),
    );
    expect(await screen.findByRole('link', { name: 'Metformin 500 mg' })).toBeVisible();
  });

  it('shows results and their trend inside the chart, for this patient', async () => {
    const server = createFakeChart({ patients: [mariaChart()] });
    const { user, router } = renderApp({
      path: `${chartUrl}/results`,
      session: signedInSession(),
      fetch: server.fetch,
    });
    const table = await screen.findByRole('table', { name: 'Latest result of each test' });
    expect(table).toHaveTextContent('Above range');
    await user.click(within(table).getByRole('link', { name: /See trend of HbA1c/ }));
    expect(router.state.location.pathname).toBe(
      `${chartUrl}/results/${encodeURIComponent(HBA1C_TOKEN)}`,
    );
    expect(await screen.findByRole('img', { name: /^HbA1c, 6 results/ })).toBeVisible();
    expect(screen.getByRole('heading', { level: 1, name: 'Maria Alvarez' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'HbA1c' })).toBeVisible();
    const trendCall = server.calls.find((c) => c.path === '/api/v1/records/results/trend');
    expect(trendCall?.query).toEqual({ patientId: maria.id, code: HBA1C_TOKEN });

    await user.click(screen.getByRole('link', { name: 'Timeline' }));
    expect(
      await screen.findByRole('list', { name: 'Record entries, newest first' }),
    ).toHaveTextContent('Type 2 diabetes');
    const timelineCall = server.calls.find((c) => c.path === '/api/v1/records/timeline');
    expect(timelineCall?.query).toMatchObject({ patientId: maria.id });
  });

  it('opens a closed record only with a reason and a confirmation (break the glass)', async () => {
    const server = createFakeChart({ patients: [mariaChart({ relationship: 'none' })] });
    const { user } = renderApp({ path: chartUrl, session: signedInSession(), fetch: server.fetch });
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Emergency access (break the glass)' }),
    ).toBeVisible();
    expect(screen.getByRole('heading', { level: 1, name: 'Patient chart' })).toBeVisible();
    expect(screen.getByText(/lasts 4 hours, and the patient is told/)).toBeVisible();
    expect(screen.queryByText('Type 2 diabetes')).toBeNull();

    const reason = screen.getByRole('textbox', { name: 'Reason for emergency access' });
    await user.type(reason, 'ER');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(reason).toHaveAccessibleDescription(
      /Say why you need to open this record \(at least 10 characters\)/,
    );
    expect(reason).toHaveFocus();
    expect(screen.queryByRole('button', { name: 'Yes, open the record' })).toBeNull();

    await user.type(reason, ' admission, unconscious, needs allergy list');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(
      screen.getByRole('heading', { level: 3, name: 'Open this record in an emergency?' }),
    ).toHaveFocus();
    expect(server.calls.some((c) => c.path === '/api/v1/break-glass')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, open the record' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Maria Alvarez' })).toBeVisible();
    const post = server.calls.find((c) => c.path === '/api/v1/break-glass');
    expect(post?.method).toBe('POST');
    expect(post?.body).toEqual({
      patientId: maria.id,
      reason: 'ER admission, unconscious, needs allergy list',
    });
    expect(await screen.findByText(/^Emergency access until \d{1,2}:\d{2}$/)).toBeVisible();
    expect(await screen.findByRole('link', { name: 'Type 2 diabetes' })).toBeVisible();
    // Break-the-glass gives read access only.
    const sections = screen.getByRole('navigation', { name: 'Chart sections' });
    expect(within(sections).queryByRole('link', { name: 'Add to chart' })).toBeNull();
  });

  it('hides "Add to chart" when the provider may only read, and says until when', async () => {
    // An emergency access opened earlier (e.g. before a reload): the server says when it ends.
    const until = new Date(Date.now() + 90 * 60_000);
    const server = createFakeChart({
      patients: [mariaChart({ relationship: 'break-glass', emergencyUntil: until.toISOString() })],
    });
    const { router } = renderApp({
      path: chartUrl,
      session: signedInSession(),
      fetch: server.fetch,
    });
    const hhmm = `${until.getHours()}:${String(until.getMinutes()).padStart(2, '0')}`;
    expect(await screen.findByText(`Emergency access until ${hhmm}`)).toBeVisible();
    const sections = await screen.findByRole('navigation', { name: 'Chart sections' });
    expect(within(sections).getByRole('link', { name: 'Timeline' })).toBeVisible();
    expect(within(sections).queryByRole('link', { name: 'Add to chart' })).toBeNull();

    await router.navigate(`${chartUrl}/add`);
    expect(await screen.findByText('You can read this chart but not add to it.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('is opened from the patients list', async () => {
    const practice = practiceServer({
      patients: [
        { ...maria, lastVisit: null, nextAppointment: null, appointmentCount: 1 },
      ] satisfies PracticePatient[],
    });
    const server = createFakeChart({
      patients: [mariaChart()],
      fallback: (req) =>
        practice.fetch(req.url.href, {
          method: req.method,
          headers: req.headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
        }),
    });
    const { user, router } = renderApp({
      path: '/practice/patients',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('link', { name: 'Open chart of Maria Alvarez' }));
    expect(router.state.location.pathname).toBe(chartUrl);
    expect(await screen.findByRole('heading', { level: 1, name: 'Maria Alvarez' })).toBeVisible();
  });

  it('speaks Spanish and checks the reason before sending it', async () => {
    const server = createFakeChart({ patients: [mariaChart({ relationship: 'none' })] });
    const { user } = renderApp({
      path: chartUrl,
      session: signedInSession(),
      fetch: server.fetch,
      locale: 'es',
    });
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Acceso de emergencia (romper el cristal)',
      }),
    ).toBeVisible();
    const reason = screen.getByRole('textbox', { name: 'Motivo del acceso de emergencia' });
    await user.type(reason, 'corto');
    await user.click(screen.getByRole('button', { name: 'Continuar' }));
    expect(reason).toHaveAccessibleDescription(/al menos 10 caracteres/);
    expect(server.calls.some((c) => c.path === '/api/v1/break-glass')).toBe(false);
  });
});
