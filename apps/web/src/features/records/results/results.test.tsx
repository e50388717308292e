import { configure, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ResultTrend } from '@carecircle/core';
import {
  HBA1C_TOKEN,
  LOINC,
  createFakeChart,
  hba1cTrend,
  mariaMe,
  newId,
  resultEntry,
} from '../../../test/fake-chart.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { signedInSession } from '../../../test/signed-in-session.ts';
import { createActingForStore } from '../../sharing/acting-for-store.ts';

// The machine running the suite can be busy: give the fake server's answers time to render.
configure({ asyncUtilTimeout: 5000 });

const maria = { id: mariaMe.id, name: mariaMe.name };
const weight = resultEntry({
  title: 'Body weight',
  code: { system: LOINC, code: '29463-7', display: 'Body weight' },
  date: '2026-11-02T08:15:00Z',
  value: { value: 71.5, unit: 'kg' },
  referenceRange: null,
  interpretation: null,
  patientReported: true,
  source: { kind: 'patient', by: maria, system: null },
});
const potassium = resultEntry({
  title: 'Potassium',
  code: { system: LOINC, code: '2823-3', display: 'Potassium' },
  date: '2026-08-01',
  value: { value: 3.1, unit: 'mmol/L' },
  referenceRange: { low: 3.5, high: 5.1, text: null },
  // No interpretation from the lab: worked out from the range.
  interpretation: null,
});
const latestResults = [
  { ...resultEntry(), count: 6 },
  { ...weight, count: 1 },
  { ...potassium, count: 2 },
];

const point = (date: string, value: number, over: Partial<ResultTrend['points'][number]> = {}) => ({
  id: newId(),
  date,
  value,
  unit: 'kg',
  interpretation: null,
  referenceRange: null,
  patientReported: false,
  ...over,
});

describe('Results and trends', { timeout: 30_000 }, () => {
  it('lists the latest results with their meaning in words and links to trends', async () => {
    const server = createFakeChart({
      me: mariaMe,
      patients: [{ ...maria, summary: { latestResults }, trends: { [HBA1C_TOKEN]: hba1cTrend() } }],
    });
    const { user, router } = renderApp({
      path: '/records/results',
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Results and readings' }),
    ).toBeVisible();
    const table = await screen.findByRole('table', { name: 'Latest result of each test' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const [hba1c, bodyWeight, k] = rows;
    expect(within(hba1c!).getByRole('rowheader')).toHaveTextContent('HbA1c');
    expect(hba1c).toHaveTextContent('7.1 %');
    expect(hba1c).toHaveTextContent('4 – 5.6');
    expect(hba1c).toHaveTextContent('Above range');
    expect(hba1c!.querySelector('[data-icon="high"]')).not.toBeNull();
    expect(hba1c).toHaveTextContent('Sep 14, 2026');
    expect(hba1c).toHaveTextContent('Imported from Springfield Lab');
    // Worked out from the range when the lab did not say.
    expect(k).toHaveTextContent('Below range');
    expect(k!.querySelector('[data-icon="low"]')).not.toBeNull();
    expect(bodyWeight).toHaveTextContent('71.5 kg');
    expect(bodyWeight).toHaveTextContent('Not given');
    expect(bodyWeight).toHaveTextContent('Not stated');
    expect(bodyWeight).toHaveTextContent('Patient-reported (Maria Alvarez)');
    expect(bodyWeight).toHaveTextContent('Only one result');
    expect(within(bodyWeight!).queryByRole('link')).toBeNull();

    await user.click(within(hba1c!).getByRole('link', { name: 'See trend of HbA1c (6 results)' }));
    expect(router.state.location.pathname).toBe(
      `/records/results/${encodeURIComponent(HBA1C_TOKEN)}`,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'HbA1c' })).toBeVisible();
    const trendCall = server.calls.find((c) => c.path === '/api/v1/records/results/trend');
    expect(trendCall?.query).toEqual({ code: HBA1C_TOKEN });
  });

  it('draws a trend with its range band, out-of-range marks, a summary and a table', async () => {
    const server = createFakeChart({
      me: mariaMe,
      patients: [{ ...maria, trends: { [HBA1C_TOKEN]: hba1cTrend() } }],
    });
    renderApp({
      path: `/records/results/${encodeURIComponent(HBA1C_TOKEN)}`,
      session: signedInSession(),
      fetch: server.fetch,
    });
    const chart = await screen.findByRole('img', {
      name: 'HbA1c, 6 results from Mar 2025 to Sep 2026, latest 7.1 %, above range. Reference range 4 – 5.6.',
    });
    const points = chart.querySelectorAll('[data-testid="trend-point"]');
    expect(points).toHaveLength(6);
    // 5.4 and 5.5 are in range (circles); the four later values are above it (triangles).
    expect([...points].map((p) => p.getAttribute('data-shape'))).toEqual([
      'circle',
      'circle',
      'up',
      'up',
      'up',
      'up',
    ]);
    expect(chart.querySelector('[data-testid="trend-band"]')).not.toBeNull();
    expect(chart.querySelector('polyline')).not.toBeNull();
    expect(chart).toHaveTextContent('Value (%)');
    expect(chart).toHaveTextContent('Mar 2025');
    const legend = chart.closest('figure')!.querySelector('figcaption')!;
    expect(legend).toHaveTextContent('Lab or provider result');
    expect(legend).toHaveTextContent('Outside the reference range');
    expect(legend).toHaveTextContent('Reference range');
    expect(legend).not.toHaveTextContent('Patient-reported reading');

    const table = screen.getByRole('table', { name: 'Every result of HbA1c, oldest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toHaveTextContent('Mar 10, 2025');
    expect(rows[0]).toHaveTextContent('5.4 %');
    expect(rows[0]).toHaveTextContent('Normal');
    expect(rows[5]).toHaveTextContent('7.1 %');
    expect(rows[5]).toHaveTextContent('Above range');
  });

  it('handles one point, equal values, no range and patient-reported readings', async () => {
    const one: ResultTrend = {
      code: { system: LOINC, code: '29463-7', display: 'Body weight' },
      title: 'Body weight',
      unit: 'kg',
      referenceRange: null,
      points: [point('2026-11-02', 71.5, { patientReported: true })],
    };
    const flat: ResultTrend = {
      ...one,
      code: { system: null, code: 'flat', display: null },
      title: 'Steps',
      unit: null,
      points: [
        point('2026-10-01', 50, { unit: null }),
        point('2026-10-08', 50, { unit: null, patientReported: true }),
      ],
    };
    const server = createFakeChart({
      me: mariaMe,
      patients: [{ ...maria, trends: { [`${LOINC}|29463-7`]: one, flat } }],
    });
    const { router } = renderApp({
      path: `/records/results/${encodeURIComponent(`${LOINC}|29463-7`)}`,
      session: signedInSession(),
      fetch: server.fetch,
    });
    const chart = await screen.findByRole('img', {
      name: 'Body weight, 1 result on Nov 2, 2026: 71.5 kg, not stated.',
    });
    expect(chart.querySelectorAll('[data-testid="trend-point"]')).toHaveLength(1);
    expect(chart.querySelector('[data-reported="true"]')).not.toBeNull();
    expect(chart.querySelector('[data-testid="trend-band"]')).toBeNull();
    expect(chart.querySelector('polyline')).toBeNull();
    expect(screen.getByText('Patient-reported reading', { selector: 'li' })).toBeVisible();
    expect(screen.queryByText('Reference range', { selector: 'li' })).toBeNull();

    await router.navigate('/records/results/flat');
    const flatChart = await screen.findByRole('img', {
      name: 'Steps, 2 results from Oct 1, 2026 to Oct 8, 2026, latest 50, not stated.',
    });
    const ys = [...flatChart.querySelectorAll('[data-testid="trend-point"] circle')].map((c) =>
      Number(c.getAttribute('cy')),
    );
    expect(ys).toHaveLength(2);
    expect(ys[0]).toBe(ys[1]);
    // Equal values sit inside the plot, not on its edge.
    expect(ys[0]).toBeGreaterThan(16);
    expect(ys[0]).toBeLessThan(300 - 56);
    expect(flatChart).toHaveTextContent('Value');
    expect(screen.getByText('Lab or provider result', { selector: 'li' })).toBeVisible();
    expect(screen.getByText('Patient-reported reading', { selector: 'li' })).toBeVisible();
  });

  it('shows the record a caregiver acts for (X-Acting-For)', async () => {
    const caregiver = {
      ...mariaMe,
      id: newId(),
      name: 'Sam Rivera',
      roles: ['caregiver' as const],
    };
    const server = createFakeChart({
      me: caregiver,
      patients: [{ ...maria, summary: { latestResults } }],
    });
    const actingFor = createActingForStore();
    actingFor.set(maria.id);
    renderApp({
      path: '/records/results',
      session: signedInSession(),
      fetch: server.fetch,
      actingFor,
    });
    expect(
      await screen.findByText('The latest lab results and readings of Maria Alvarez.'),
    ).toBeVisible();
    expect(await screen.findByRole('table')).toHaveTextContent('HbA1c');
    const summaryCall = server.calls.find((c) => c.path === '/api/v1/records/summary');
    expect(summaryCall?.headers['x-acting-for']).toBe(maria.id);
    expect(summaryCall?.query).toEqual({});
  });

  it('speaks Spanish', async () => {
    const server = createFakeChart({
      me: mariaMe,
      patients: [{ ...maria, summary: { latestResults }, trends: { [HBA1C_TOKEN]: hba1cTrend() } }],
    });
    renderApp({
      path: `/records/results/${encodeURIComponent(HBA1C_TOKEN)}`,
      session: signedInSession(),
      fetch: server.fetch,
      locale: 'es',
    });
    expect(
      await screen.findByRole('img', {
        name: /^HbA1c, 6 resultados del .* al .*, el último 7,1 %, por encima del rango\./,
      }),
    ).toBeVisible();
  });

  it('asks to sign in when signed out', async () => {
    const server = createFakeChart({ me: mariaMe, patients: [maria] });
    renderApp({ path: '/records/results', fetch: server.fetch });
    expect(await screen.findByText('Sign in to see your health records.')).toBeVisible();
    expect(server.calls.some((c) => c.path.startsWith('/api/v1/records'))).toBe(false);
  });

  it('says when a link names no test, and when results are not shared', async () => {
    const server = createFakeChart({
      me: mariaMe,
      patients: [
        {
          ...maria,
          summary: {
            latestResults,
            access: { records: false, medications: true, write: false, emergencyUntil: null },
          },
        },
      ],
    });
    const { router } = renderApp({
      path: `/records/results/${encodeURIComponent('a|b|c')}`,
      session: signedInSession(),
      fetch: server.fetch,
    });
    expect(await screen.findByText('This link does not name a test.')).toBeVisible();
    expect(server.calls.some((c) => c.path === '/api/v1/records/results/trend')).toBe(false);

    await router.navigate('/records/results');
    expect(await screen.findByText('You cannot see results in this record.')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
