import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that start a development server on embedded PostgreSQL', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: path.resolve('./.data'),
      demoData: true,
      logLevel: 'info',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('turns demo data off by default in production', () => {
    const smtp = {
      SMTP_URL: 'smtp://mail.example.org:587',
      MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      RECORDS_MASTER_KEY: Buffer.alloc(32, 8).toString('base64'),
    };
    const c = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://care.example.org/',
      ...smtp,
    });
    expect(c.demoData).toBe(false);
    expect(c.publicUrl).toBe('https://care.example.org');
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://x.example',
        DEMO_DATA: 'on',
        ...smtp,
      }).demoData,
    ).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT .*\(got "abc"\)\.$/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV /],
    [{ DEMO_DATA: 'maybe' }, /^DEMO_DATA must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL /],
    [{ PUBLIC_URL: 'not a url' }, /^PUBLIC_URL must be an http\(s\) URL/],
    [{ DATABASE_URL: 'mysql://u:secret@db/x' }, /^DATABASE_URL must be a postgres:\/\/ URL\.$/],
    [{ NODE_ENV: 'production' }, /^PUBLIC_URL must be set in production/],
    [
      { NODE_ENV: 'production', PUBLIC_URL: 'https://x.example' },
      /^SMTP_URL must be set in production, so sign-up and password reset e-mails can be sent/,
    ],
    [
      { SMTP_URL: 'http://mail.example.org' },
      /^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL\.$/,
    ],
    [{ SIGNUP_MAX_PER_IP_PER_HOUR: '0' }, /^SIGNUP_MAX_PER_IP_PER_HOUR must be at least 1/],
    [
      {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://x.example',
        SMTP_URL: 'smtp://mail.example.org:587',
      },
      /^MFA_ENCRYPTION_KEY must be set in production, .*\.$/,
    ],
    [
      { MFA_ENCRYPTION_KEY: 'dG9vIHNob3J0' },
      /^MFA_ENCRYPTION_KEY must be 32 random bytes in base64 .*\)\.$/,
    ],
    [
      {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://x.example',
        SMTP_URL: 'smtp://mail.example.org:587',
        MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
      /^RECORDS_MASTER_KEY must be set in production, so health records are encrypted .*\.$/,
    ],
    [
      { RECORDS_MASTER_KEY: 'dG9vIHNob3J0' },
      /^RECORDS_MASTER_KEY must be 32 random bytes in base64 .*\)\.$/,
    ],
    [
      {
        RECORDS_PREVIOUS_MASTER_KEYS: `${Buffer.alloc(32, 1).toString('base64')},dG9vIHNob3J0`,
      },
      /^RECORDS_PREVIOUS_MASTER_KEYS must be a comma-separated list of 32-byte base64 keys/,
    ],
  ])('names the bad variable in one sentence: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the records master key and the previous ones (trimmed, in order)', () => {
    const [k1, k2, k3] = [1, 2, 3].map((n) => Buffer.alloc(32, n).toString('base64'));
    const c = loadConfig({
      RECORDS_MASTER_KEY: k1,
      RECORDS_PREVIOUS_MASTER_KEYS: ` ${k2} , ${k3}`,
    });
    expect(c.recordsMasterKey).toBe(k1);
    expect(c.recordsPreviousMasterKeys).toEqual([k2, k3]);
    // Unset outside production: generated into DATA_DIR on first use (see record-keys.ts).
    expect(loadConfig({})).toMatchObject({
      recordsMasterKey: undefined,
      recordsPreviousMasterKeys: [],
    });
  });

  it('never repeats a database password in its error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://u:hunter2-secret@db/x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('has rate limits that let a clinic sharing one address sign in together', () => {
    expect(loadConfig({})).toMatchObject({
      signInMaxFailuresPerAccountPerHour: 100,
      signInMaxPerIpPer15Min: 300,
      signUpMaxPerIpPerHour: 50,
      smtpUrl: undefined,
      mailFrom: 'CareCircle <no-reply@localhost>',
    });
    expect(loadConfig({ SIGNIN_MAX_PER_IP_PER_15_MIN: '500' }).signInMaxPerIpPer15Min).toBe(500);
  });

  it('never repeats an SMTP password in its error', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://u:hunter2-secret@mail' })).toThrow(
      /^SMTP_URL [^"]*$/,
    );
  });

  it('reads the notification settings: Redis, reminders, push', () => {
    expect(loadConfig({})).toMatchObject({
      redisUrl: undefined,
      reminderOffsetsMinutes: [1440, 120],
      expoPushUrl: 'https://exp.host/--/api/v2/push/send',
      vapidSubject: 'mailto:no-reply@localhost',
      jobPollSeconds: 2,
    });
    expect(
      loadConfig({
        REDIS_URL: 'redis://127.0.0.1:6379',
        REMINDER_OFFSETS_MINUTES: '2880, 60,60',
        MAIL_FROM: 'Care Team <care@example.org>',
        NODE_ENV: 'test',
      }),
    ).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      reminderOffsetsMinutes: [2880, 60],
      vapidSubject: 'mailto:care@example.org',
      jobPollSeconds: 0.5,
    });
    expect(() => loadConfig({ REMINDER_OFFSETS_MINUTES: '24h' })).toThrow(
      /^REMINDER_OFFSETS_MINUTES must be a comma-separated list of minutes/,
    );
    expect(() => loadConfig({ VAPID_SUBJECT: 'care@example.org' })).toThrow(
      /^VAPID_SUBJECT must be a mailto: or https: URL/,
    );
    // A Redis password is never repeated.
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2-secret@cache' })).toThrow(
      /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL\.$/,
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });
});
