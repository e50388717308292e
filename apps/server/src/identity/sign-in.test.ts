import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers.ts';
import { buildPatient } from '../../test/factories.ts';
import { authorize } from '../../test/oauth.ts';

const PASSWORD = 'a long and private passphrase';
let app: TestApp;
let strict: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  strict = await startTestApp({ config: { SIGNIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: '3' } });
});
afterAll(async () => {
  await app.close();
  await strict.close();
});

async function signInEvents(t: TestApp, actorId: string | null) {
  return t.database.db
    .selectFrom('audit_events')
    .select(['outcome', 'actor_id', 'details', 'ip', 'user_agent'])
    .where('action', '=', 'auth.sign_in')
    .where((eb) => (actorId ? eb('actor_id', '=', actorId) : eb('actor_id', 'is', null)))
    .orderBy('id')
    .execute();
}

describe('sign-in form', () => {
  it('audits every sign-in, successful or not, without the password', async () => {
    const p = await buildPatient(app.database.db, { password: PASSWORD });
    await authorize(app.url, { email: p.email, password: 'wrong password here' }).catch(
      () => undefined,
    );
    await authorize(app.url, { email: p.email, password: PASSWORD });
    const events = await signInEvents(app, p.id);
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(events[0]!.details).toEqual({ reason: 'bad-credentials' });
    expect(events[1]!.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it('lets 50 people behind one address sign in within a few minutes', async () => {
    const people = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        buildPatient(app.database.db, { name: `Clinic Person ${i}`, password: PASSWORD }),
      ),
    );
    for (const person of people) {
      const { code } = await authorize(app.url, { email: person.email, password: PASSWORD });
      expect(code).toEqual(expect.any(String));
    }
  });

  it('throttles an account after too many failures, with a clear message, even for the right password', async () => {
    const p = await buildPatient(strict.database.db, { password: PASSWORD });
    for (let i = 0; i < 3; i++) {
      const err = (await authorize(strict.url, {
        email: p.email,
        password: `wrong guess ${i}`,
      }).catch((e: unknown) => e)) as { status: number };
      expect(err.status).toBe(401);
    }
    const blocked = (await authorize(strict.url, { email: p.email, password: PASSWORD }).catch(
      (e: unknown) => e,
    )) as {
      status: number;
      html: string;
    };
    expect(blocked.status).toBe(429);
    expect(blocked.html).toMatch(/Too many attempts\. Please wait \d+ minutes/);
    const denied = await strict.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'details'])
      .where('action', '=', 'auth.sign_in')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]!.details).toEqual({ reason: 'throttled_account' });
  });

  it('does not let pending providers sign in', async () => {
    const { createAccount } = await import('./accounts.service.ts');
    const pending = await createAccount(app.database.db, {
      email: `pending-${Date.now()}@example.org`,
      password: PASSWORD,
      name: 'Dr. Pending',
      roles: ['provider'],
    });
    expect(pending.status).toBe('pending');
    const err = (await authorize(app.url, { email: pending.email, password: PASSWORD }).catch(
      (e: unknown) => e,
    )) as {
      status: number;
      html: string;
    };
    expect(err.status).toBe(403);
    expect(err.html).toContain('verified by an administrator');
  });
});
