import { describe, expect, it } from 'vitest';
import { Problem, problemType, problemTypes } from './problem.ts';
import { ProviderListQuery, WeeklyHours } from './providers.ts';
import { AccountCreateInput } from './accounts.ts';
import { TimeZone } from './roles.ts';

describe('contract', () => {
  it('builds stable problem type URIs', () => {
    expect(problemType(problemTypes.validation)).toBe(
      'https://carecircle.example/problems/validation',
    );
    expect(
      Problem.safeParse({
        type: 'x',
        title: 't',
        status: 400,
        errors: [{ path: 'body.a', message: 'm' }],
      }).success,
    ).toBe(true);
    expect(Problem.safeParse({ title: 't', status: 400 }).success).toBe(false);
  });

  it('rejects weekly hours that end before they start, naming the field', () => {
    const r = WeeklyHours.safeParse({ weekday: 'mon', start: '12:00', end: '09:00' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['end']);
    expect(WeeklyHours.safeParse({ weekday: 'mon', start: '9:00', end: '10:00' }).success).toBe(
      false,
    );
    expect(WeeklyHours.safeParse({ weekday: 'mon', start: '09:00', end: '24:00' }).success).toBe(
      false,
    );
  });

  it('accepts only IANA time zones', () => {
    expect(TimeZone.safeParse('America/New_York').success).toBe(true);
    expect(TimeZone.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('validates sign-up input with defaults', () => {
    const ok = AccountCreateInput.parse({
      email: ' a@example.org ',
      password: 'x'.repeat(12),
      name: 'A',
      roles: ['patient'],
    });
    expect(ok).toMatchObject({ locale: 'en', timeZone: 'UTC' });
    const bad = AccountCreateInput.safeParse({
      email: 'nope',
      password: 'short',
      name: '',
      roles: [],
    });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'email',
      'name',
      'password',
      'roles',
    ]);
  });

  it('trims search text and limits its length', () => {
    expect(ProviderListQuery.parse({ q: '  chen ' }).q).toBe('chen');
    expect(ProviderListQuery.safeParse({ q: 'x'.repeat(101) }).success).toBe(false);
  });
});
