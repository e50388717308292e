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
    const c = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://care.example.org/' });
    expect(c.demoData).toBe(false);
    expect(c.publicUrl).toBe('https://care.example.org');
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://x.example', DEMO_DATA: 'on' })
        .demoData,
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
  ])('names the bad variable in one sentence: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a database password in its error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://u:hunter2-secret@db/x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });
});
