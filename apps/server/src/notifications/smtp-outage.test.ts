import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { deliveriesOf, waitUntil } from './delivery-test-kit.ts';
import { notify } from './notify.ts';

/**
 * An SMTP server that is down delays e-mail without losing it: the e-mail job fails, pg-boss
 * retries it with back-off, and the message arrives once the server is up.
 */

let app: TestApp | undefined;
let smtp: SMTPServer | undefined;

afterAll(async () => {
  await app?.close();
  if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SMTP outage', () => {
  it('retries the e-mail until the SMTP server is back, then sends it once', async () => {
    const port = await freePort();
    app = await startTestApp({ config: { SMTP_URL: `smtp://127.0.0.1:${port}/?ignoreTLS=true` } });
    const lu = await buildPatient(app.database.db, { name: 'Lu' });
    const [n] = await notify(app.deps, [
      {
        recipientId: lu.id,
        kind: 'result.new',
        patientId: lu.id,
        params: { resourceType: 'Observation', resourceId: crypto.randomUUID() },
        url: '/records/results',
      },
    ]);

    // The first attempt fails (connection refused) and stays pending for a retry.
    await waitUntil('a failed first attempt', async () => {
      const d = (await deliveriesOf(app!.database.db, n!.id)).email;
      return d && d.status === 'pending' && d.attempts >= 1 ? d : undefined;
    });

    const received: string[] = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', resolve));

    const sent = await waitUntil(
      'the retried e-mail to be sent',
      async () => {
        const d = (await deliveriesOf(app!.database.db, n!.id)).email;
        return d?.status === 'sent' ? d : undefined;
      },
      40_000,
    );
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(received).toEqual([lu.email]);
  }, 60_000);

  it('marks an e-mail the SMTP server refuses for good (5xx) as failed, without retrying', async () => {
    let tries = 0;
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        tries += 1;
        const err = Object.assign(new Error('No such mailbox'), { responseCode: 550 });
        callback(err);
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.server.address() as net.AddressInfo;
    const other = await startTestApp({
      config: { SMTP_URL: `smtp://127.0.0.1:${port}/?ignoreTLS=true` },
    });
    try {
      const mo = await buildPatient(other.database.db, { name: 'Mo' });
      const [n] = await notify(other.deps, [
        {
          recipientId: mo.id,
          kind: 'result.new',
          patientId: mo.id,
          params: { resourceType: 'Observation', resourceId: crypto.randomUUID() },
          url: '/records/results',
        },
      ]);
      const failed = await waitUntil('the e-mail to be marked failed', async () => {
        const d = (await deliveriesOf(other.database.db, n!.id)).email;
        return d?.status === 'failed' ? d : undefined;
      });
      expect(failed).toMatchObject({ attempts: 1, detail: 'smtp-rejected-550' });
      // The job ended (completed, not waiting for a retry): nothing will try again.
      const job = await waitUntil('the e-mail job to complete', async () => {
        const { rows } = await sql<{ state: string; retry_count: number }>`
          SELECT state, retry_count FROM pgboss.job
          WHERE name = 'notifications.deliver.email' AND data->>'notificationId' = ${n!.id}`.execute(
          other.database.db,
        );
        return rows[0]?.state === 'completed' ? rows[0] : undefined;
      });
      expect(job.retry_count).toBe(0);
      expect(tries).toBe(1);
    } finally {
      await other.close();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  }, 30_000);
});
