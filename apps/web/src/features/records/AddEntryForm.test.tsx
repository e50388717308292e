import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeRecords, patientMe } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

function renderAdd(server = createFakeRecords()) {
  const view = renderApp({ path: '/records/add', session: signedInSession(), fetch: server.fetch });
  return { ...view, server };
}

describe('adding to the record', { timeout: 20_000 }, () => {
  it('adds a reading with the right body, then shows it in the refreshed record', async () => {
    const { user, server, router } = renderAdd();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Add to the record' }),
    ).toBeVisible();
    expect(await screen.findByRole('radio', { name: 'A result or reading' })).toBeChecked();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Measurement' }), 'hba1c');
    // The unit comes with the measurement.
    expect(screen.getByRole('textbox', { name: 'Unit (optional)' })).toHaveValue('%');
    await user.type(screen.getByRole('textbox', { name: 'Value' }), '7,2');
    await user.type(screen.getByRole('textbox', { name: 'Normal range to (optional)' }), '5.6');
    const when = screen.getByLabelText<HTMLInputElement>('Date and time').value;
    expect(when).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/records'), { timeout: 5000 });
    const [post] = server.requestsTo('POST', '/api/v1/records/entries');
    expect(post!.body).toEqual({
      kind: 'result',
      measurement: 'hba1c',
      value: 7.2,
      unit: '%',
      effective: new Date(when).toISOString(),
      referenceRange: { high: 5.6 },
    });
    expect(await screen.findByText('“Hemoglobin A1c” was added to the record.')).toBeVisible();
    expect(await screen.findByRole('region', { name: 'Latest results' })).toHaveTextContent(
      '7.2 %',
    );
    expect(server.records.get(patientMe.id)).toHaveLength(1);
  });

  it('checks the fields before sending, and says what to fix next to each one', async () => {
    const { user, server } = renderAdd();
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const value = screen.getByRole('textbox', { name: 'Value' });
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(value).toHaveAccessibleDescription('Fill this in.');
    expect(screen.getByRole('combobox', { name: 'Measurement' })).toHaveAccessibleDescription(
      'Choose a measurement, or give a LOINC code and a test name.',
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Measurement' })).toHaveFocus(),
    );
    expect(server.requestsTo('POST', '/api/v1/records/entries')).toHaveLength(0);
  });

  it('shows the server’s 400 field errors on their fields', async () => {
    const server = createFakeRecords();
    server.respondOnce('POST', '/api/v1/records/entries', () =>
      server.problem(400, 'validation', 'Some fields need fixing', 'body.value: out of range', [
        { path: 'body.value', message: 'Must be between 0 and 1000', code: 'too_big' },
      ]),
    );
    const { user } = renderAdd(server);
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Measurement' }),
      'heart-rate',
    );
    await user.type(screen.getByRole('textbox', { name: 'Value' }), '5000');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const value = screen.getByRole('textbox', { name: 'Value' });
    await waitFor(() => expect(value).toHaveAttribute('aria-invalid', 'true'));
    expect(value).toHaveAccessibleDescription('Must be between 0 and 1000');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'We could not save this. Check the fields marked below.',
    );
    await waitFor(() => expect(value).toHaveFocus());
  });

  it('adds a condition and a medicine (one form, a kind picker)', async () => {
    const { user, server, router } = renderAdd();
    await user.click(await screen.findByRole('radio', { name: 'A condition' }));
    await user.type(screen.getByRole('textbox', { name: 'Condition' }), 'Asthma');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/records'), { timeout: 5000 });
    expect(server.requestsTo('POST', '/api/v1/records/entries')[0]!.body).toEqual({
      kind: 'condition',
      name: 'Asthma',
      status: 'active',
    });

    // The record home has shown before the next visit to the form.
    expect(await screen.findByText('“Asthma” was added to the record.')).toBeVisible();
    await router.navigate('/records/add');
    await user.click(await screen.findByRole('radio', { name: 'A medicine I take' }));
    await user.type(screen.getByRole('textbox', { name: 'Medicine name' }), 'Metformin');
    await user.type(
      screen.getByRole('textbox', { name: 'How much and when' }),
      '500 mg twice a day',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/records'), { timeout: 5000 });
    expect(server.requestsTo('POST', '/api/v1/records/entries')[1]!.body).toEqual({
      kind: 'taking',
      name: 'Metformin',
      dosage: '500 mg twice a day',
    });
    expect(await screen.findByRole('region', { name: 'Medicines' })).toHaveTextContent('Metformin');
  });
});
