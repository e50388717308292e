import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '@carecircle/core';
import { createFakeRecords } from '../../test/fake-records.ts';
import { renderApp } from '../../test/render-app.tsx';
import { signedInSession } from '../../test/signed-in-session.ts';

const createObjectURL = vi.fn((_blob: Blob) => `blob:doc-${createObjectURL.mock.calls.length}`);
const revokeObjectURL = vi.fn();
beforeEach(() => {
  createObjectURL.mockClear();
  revokeObjectURL.mockClear();
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }));
});
afterEach(() => vi.unstubAllGlobals());

function renderDocuments(server = createFakeRecords()) {
  const view = renderApp({
    path: '/records/documents',
    session: signedInSession(),
    fetch: server.fetch,
  });
  return { ...view, server };
}

describe('documents', { timeout: 20_000 }, () => {
  it('uploads the file as the raw body with its type and the title in the query, then previews it', async () => {
    const { user, server, unmount } = renderDocuments();
    expect(await screen.findByText(/No documents yet/)).toBeVisible();
    const file = new File(['Take one tablet a day.'], 'gp-letter.txt', { type: 'text/plain' });
    await user.upload(screen.getByLabelText('File'), file);
    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(title).toHaveValue('gp-letter');
    await user.clear(title);
    await user.type(title, 'Letter from my GP');
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    expect(await screen.findByText('“Letter from my GP” was uploaded.')).toBeVisible();
    const [upload] = server.requestsTo('POST', '/api/v1/records/documents');
    expect(upload!.headers['content-type']).toBe('text/plain');
    expect(upload!.rawBody).toBe(file);
    expect(upload!.body).toBeUndefined();
    const query = new URL(upload!.path, 'http://x').searchParams;
    expect(query.get('title')).toBe('Letter from my GP');
    expect(query.get('date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The new document is listed with its type, size and source, and shows as text.
    const item = (await screen.findByRole('link', { name: 'Letter from my GP' })).closest('li')!;
    expect(item).toHaveTextContent('Type: Text');
    expect(item).toHaveTextContent('Size: 22 byte');
    expect(item).toHaveTextContent('Added by Sam Rivera');
    await user.click(screen.getByRole('button', { name: 'Show: Letter from my GP' }));
    expect(await screen.findByText('Take one tablet a day.')).toBeVisible();
    const link = screen.getByRole('link', { name: 'Download Letter from my GP' });
    await waitFor(() => expect(link).toHaveAttribute('href', 'blob:doc-1'));
    expect(link).toHaveAttribute('download', 'Letter from my GP.txt');
    const [content] = server.requestsTo(
      'GET',
      `/api/v1/records/documents/${[...server.documents.keys()][0]}/content`,
    );
    expect(content!.headers.authorization).toBe('Bearer test-access-token');
    // Object URLs do not outlive the page.
    unmount();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:doc-1');
  });

  it('checks size and type before sending', async () => {
    const { user, server } = renderDocuments();
    const big = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: MAX_DOCUMENT_BYTES + 1 });
    await user.upload(await screen.findByLabelText('File'), big);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByLabelText('File')).toHaveAccessibleDescription(
      expect.stringContaining('the largest we accept is 10 MB'),
    );

    const word = new File(['x'], 'notes.docx', {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    fireEvent.change(screen.getByLabelText('File'), { target: { files: [word] } });
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByLabelText('File')).toHaveAccessibleDescription(
      expect.stringContaining('This kind of file is not accepted'),
    );
    expect(server.requestsTo('POST', '/api/v1/records/documents')).toHaveLength(0);
  });

  it('explains the server’s 413 and 415 clearly', async () => {
    const server = createFakeRecords();
    server.respondOnce('POST', '/api/v1/records/documents', () =>
      server.problem(415, 'unsupported-media-type', 'Unsupported', 'The bytes are not a PNG.'),
    );
    server.respondOnce('POST', '/api/v1/records/documents', () =>
      server.problem(413, 'payload-too-large', 'Too large', 'At most 10 MB.'),
    );
    const { user } = renderDocuments(server);
    await user.upload(
      await screen.findByLabelText('File'),
      new File(['not really'], 'x-ray.png', { type: 'image/png' }),
    );
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() =>
      expect(screen.getByLabelText('File')).toHaveAccessibleDescription(
        expect.stringContaining(
          'CareCircle did not accept this file: its content is not a PDF, PNG, JPEG or text file.',
        ),
      ),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('We could not upload the document.');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() =>
      expect(screen.getByLabelText('File')).toHaveAccessibleDescription(
        expect.stringContaining('The file is too large for CareCircle (at most 10 MB).'),
      ),
    );
  });
});
