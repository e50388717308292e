import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActingForGrant } from '@carecircle/core';
import { createFakeRecords, mariaGrant, patientMe, recordEntry } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';
import { createActingForStore } from '../sharing/acting-for-store.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const diabetes = recordEntry({ title: 'Type 2 diabetes', status: 'active', date: '2024-03-01' });
const metformin = recordEntry({
  resourceType: 'MedicationStatement',
  title: 'Metformin 500 mg',
  status: 'active',
  details: '500 mg twice a day',
  source: { kind: 'provider', by: { id: crypto.randomUUID(), name: 'Dr. Wei Chen' }, system: null },
});
const penicillin = recordEntry({
  resourceType: 'AllergyIntolerance',
  title: 'Penicillin',
  details: 'Hives',
});
const flu = recordEntry({
  resourceType: 'Immunization',
  title: 'Influenza vaccine',
  date: '2025-10-02',
});
const hba1c = recordEntry({
  resourceType: 'Observation',
  title: 'Hemoglobin A1c',
  code: { system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' },
  date: '2026-11-01',
  value: { value: 7.2, unit: '%' },
  referenceRange: { low: 4, high: 5.6, text: null },
  interpretation: 'high',
  source: { kind: 'import', by: null, system: 'City Hospital' },
});
const letter = recordEntry({
  resourceType: 'DocumentReference',
  title: 'Discharge letter',
  document: {
    id: crypto.randomUUID(),
    contentType: 'application/pdf',
    size: 2048,
    title: 'Discharge letter',
  },
});
const all = [diabetes, metformin, penicillin, flu, hba1c, letter];

const mariaMeds: ActingForGrant = { ...mariaGrant, scopes: ['medications:read'] };
const MARIA = mariaGrant.patient.id;

describe('record home', { timeout: 15_000 }, () => {
  it('asks signed-out people to sign in', async () => {
    renderApp({ path: '/records' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Health records' })).toBeVisible();
    expect(screen.getByText('Sign in to see your health records.')).toBeVisible();
    expect(document.title).toBe('Health records · CareCircle');
  });

  it('shows every section of the record, with values, ranges, meaning and sources', async () => {
    const server = createFakeRecords({ records: { [patientMe.id]: all } });
    renderApp({ path: '/records', session: signedInSession(), fetch: server.fetch });
    expect(await screen.findByRole('heading', { level: 2, name: 'Conditions' })).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    const section = (name: string) => screen.getByRole('region', { name });
    expect(
      within(section('Conditions')).getByRole('link', { name: 'Type 2 diabetes' }),
    ).toHaveAttribute('href', `/records/entries/Condition/${diabetes.id}`);
    expect(section('Conditions')).toHaveTextContent('Active');
    expect(section('Medicines')).toHaveTextContent('Metformin 500 mg');
    expect(section('Medicines')).toHaveTextContent('500 mg twice a day');
    expect(section('Medicines')).toHaveTextContent('From Dr. Wei Chen');
    expect(section('Allergies')).toHaveTextContent('Penicillin');
    expect(section('Vaccines')).toHaveTextContent('Influenza vaccine');
    const results = section('Latest results');
    expect(results).toHaveTextContent('7.2 %');
    expect(results).toHaveTextContent('Normal range: 4 to 5.6 %');
    // The meaning is said in words, not only with a colour.
    expect(within(results).getByText('High')).toBeVisible();
    expect(results).toHaveTextContent('Imported from City Hospital');
    expect(section('Documents')).toHaveTextContent('Discharge letter');
    expect(section('Documents')).toHaveTextContent('PDF');
    expect(section('Documents')).toHaveTextContent('2 kB');

    const actions = screen.getByRole('navigation', { name: 'What you can do' });
    expect(within(actions).getByRole('link', { name: 'Add to my record' })).toHaveAttribute(
      'href',
      '/records/add',
    );
    expect(within(actions).getByRole('link', { name: 'Lab results' })).toHaveAttribute(
      'href',
      '/records/results',
    );
    expect(within(actions).getByRole('link', { name: 'Import' })).toHaveAttribute(
      'href',
      '/records/import',
    );
    expect(within(actions).getByRole('link', { name: 'Who accessed my data' })).toHaveAttribute(
      'href',
      '/profile/access-history',
    );
  });

  it('tells a new patient what to do', async () => {
    const server = createFakeRecords();
    renderApp({ path: '/records', session: signedInSession(), fetch: server.fetch });
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Your record is empty for now' }),
    ).toBeVisible();
    expect(screen.getAllByRole('link', { name: 'Add to my record' }).length).toBeGreaterThan(0);
  });

  it('shows a caregiver with a medicines-only grant only the medicines, and no way to add', async () => {
    const server = createFakeRecords({
      actingFor: [mariaMeds],
      records: {
        [MARIA]: [
          recordEntry({ title: 'Asthma' }),
          recordEntry({
            resourceType: 'MedicationStatement',
            title: 'Salbutamol',
            status: 'active',
          }),
        ],
      },
      access: {
        [MARIA]: { records: false, medications: true, write: false, emergencyUntil: null },
      },
    });
    const actingFor = createActingForStore();
    actingFor.set(MARIA);
    renderApp({
      path: '/records',
      session: signedInSession(),
      fetch: server.fetch,
      actingFor,
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Health records of Maria Alvarez' }),
    ).toBeVisible();
    expect(await screen.findByRole('region', { name: 'Medicines' })).toHaveTextContent(
      'Salbutamol',
    );
    expect(screen.getByText('Maria Alvarez shares only their medicines with you.')).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Conditions' })).toBeNull();
    expect(screen.queryByText('Asthma')).toBeNull();
    expect(screen.queryByRole('link', { name: /Add to/ })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Import' })).toBeNull();
    expect(server.requestsTo('GET', '/api/v1/records/summary')[0]!.headers['x-acting-for']).toBe(
      MARIA,
    );
  });

  it('downloads the record as a FHIR file', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:record');
    const revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const server = createFakeRecords({ records: { [patientMe.id]: [diabetes] } });
    const { user } = renderApp({
      path: '/records',
      session: signedInSession(),
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Download my record (FHIR)' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    const blob = createObjectURL.mock.calls[0]![0];
    expect(JSON.parse(await blob.text())).toMatchObject({ resourceType: 'Bundle' });
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toMatch(/^carecircle-record-\d{4}-\d{2}-\d{2}\.json$/);
    expect(
      await screen.findByText(/Your record was downloaded as carecircle-record-/),
    ).toBeVisible();
    expect(server.requestsTo('GET', '/api/v1/records/export')[0]!.headers.authorization).toBe(
      'Bearer test-access-token',
    );
    click.mockRestore();
  });

  it('speaks Spanish', async () => {
    const server = createFakeRecords({ records: { [patientMe.id]: all } });
    renderApp({ path: '/records', locale: 'es', session: signedInSession(), fetch: server.fetch });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Historial médico' }),
    ).toBeVisible();
    expect(await screen.findByRole('heading', { level: 2, name: 'Enfermedades' })).toBeVisible();
    expect(screen.getByText('Alto')).toBeVisible();
  });
});
