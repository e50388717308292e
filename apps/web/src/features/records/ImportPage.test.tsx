import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeRecords } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', id: 'p1' } },
    { resource: { resourceType: 'Condition', id: 'c1' } },
    { resource: { resourceType: 'Condition', id: 'c2' } },
    { resource: { resourceType: 'Observation', id: 'o1' } },
  ],
};
const jsonFile = (content: string, name = 'export.json') =>
  new File([content], name, { type: 'application/json' });

function renderImport(server = createFakeRecords()) {
  const view = renderApp({
    path: '/records/import',
    session: signedInSession(),
    fetch: server.fetch,
  });
  return { ...view, server };
}

describe('import', { timeout: 20_000 }, () => {
  it('sends the bundle and says in words what was added, what was already there and what was left out', async () => {
    const { user, server } = renderImport();
    await user.upload(
      await screen.findByLabelText('FHIR Bundle file (JSON)'),
      jsonFile(JSON.stringify(bundle)),
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Where it comes from (optional)' }),
      'City Hospital',
    );
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('Import finished')).toBeVisible();
    expect(screen.getByText('Source: City Hospital')).toBeVisible();
    expect(screen.getByText('Conditions: 2')).toBeVisible();
    expect(screen.getByText('Results and readings: 1')).toBeVisible();
    expect(
      screen.getByText(
        '1 entry was not a health record (for example the patient’s details) and was not stored.',
      ),
    ).toBeVisible();
    const [sent] = server.requestsTo('POST', '/api/v1/records/import');
    expect(sent!.body).toEqual(bundle);
    expect(new URL(sent!.path, 'http://x').searchParams.get('source')).toBe('City Hospital');
    expect(screen.getByRole('link', { name: 'See the record' })).toHaveAttribute(
      'href',
      '/records',
    );
  });

  it('says clearly when the file is not JSON or not a Bundle, without sending it', async () => {
    const { user, server } = renderImport();
    const input = await screen.findByLabelText('FHIR Bundle file (JSON)');
    await user.upload(input, jsonFile('<html>not json</html>'));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(expect.stringContaining('This file is not JSON.')),
    );
    await user.upload(input, jsonFile(JSON.stringify({ resourceType: 'Patient' })));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(expect.stringContaining('not a FHIR Bundle')),
    );
    expect(server.requestsTo('POST', '/api/v1/records/import')).toHaveLength(0);
  });

  it('shows the server’s reasons when it refuses the bundle', async () => {
    const server = createFakeRecords();
    server.respondOnce('POST', '/api/v1/records/import', () =>
      server.problem(400, 'validation', 'Invalid FHIR', 'The bundle is not valid FHIR R4.', [
        { path: 'body.entry.1.resource.code', message: 'Missing required property' },
      ]),
    );
    const { user } = renderImport(server);
    await user.upload(
      await screen.findByLabelText('FHIR Bundle file (JSON)'),
      jsonFile(JSON.stringify(bundle)),
    );
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not import this file. Nothing was added.');
    expect(alert).toHaveTextContent('The bundle is not valid FHIR R4.');
    expect(alert).toHaveTextContent('entry.1.resource.code: Missing required property');
  });
});
