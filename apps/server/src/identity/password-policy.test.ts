import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/seed.ts';
import { checkPassword, passwordMessages } from './password-policy.ts';

describe('password policy', () => {
  it('asks for 12 to 128 characters and nothing else', () => {
    expect(checkPassword('a'.repeat(3) + 'bcdefgh')).toBe('password-too-short');
    expect(checkPassword('x'.repeat(64) + 'y'.repeat(65))).toBe('password-too-long');
    // No composition rules: lower-case words alone are fine, so is any script.
    expect(checkPassword('sunlit kitchen bread')).toBeUndefined();
    expect(checkPassword('mi perro come manzanas')).toBeUndefined();
    expect(checkPassword('我的膝盖在慢慢好起来了呀')).toBeUndefined();
    expect(checkPassword('x'.repeat(60) + 'yzab' + 'c'.repeat(64))).toBeUndefined();
  });

  it('counts characters, not UTF-16 units', () => {
    // 11 emoji are 22 UTF-16 units but only 11 characters.
    expect(checkPassword('🌞🌛🌟🌈🌊🌻🍀🍎🎈🎵🐢')).toBe('password-too-short');
  });

  it('refuses passwords from the shipped list of common and breached passwords', () => {
    expect(checkPassword('qwertyuiop123')).toBe('password-too-common');
    expect(checkPassword('1q2w3e4r5t6y')).toBe('password-too-common');
    expect(checkPassword('123456789012')).toBe('password-too-common');
    // Case, separators and digits or symbols around a common word do not make it rare.
    expect(checkPassword('QwertyUiop123')).toBe('password-too-common');
    expect(checkPassword('Password1234!')).toBe('password-too-common');
    expect(checkPassword('leave me alone')).toBe('password-too-common');
    expect(passwordMessages['password-too-common']).toBe(
      'This password is too common. Try a longer phrase.',
    );
  });

  it('refuses the same few characters over and over', () => {
    expect(checkPassword('zzzzzzzzzzzzzzzz')).toBe('password-repetitive');
    expect(checkPassword('ab-ab-ab-ab-ab-ab')).toBe('password-repetitive');
  });

  it('refuses a password holding the e-mail local part or the name', () => {
    const person = { email: 'priya.nair+cc@example.org', name: 'Priya Nair' };
    expect(checkPassword('priyanair loves tea', person)).toBe('password-personal');
    expect(checkPassword('my name is Priya Nair', person)).toBe('password-personal');
    expect(checkPassword('tea with priya at noon', person)).toBe('password-personal');
    expect(checkPassword('tea with a friend at noon', person)).toBeUndefined();
    // Very short names would refuse too much, so they do not count.
    expect(checkPassword('jo goes to the market', { name: 'Jo', email: 'jo@x.org' })).toBe(
      undefined,
    );
  });

  it('accepts the demo password and the test factories’ phrase', () => {
    expect(
      checkPassword(DEMO_PASSWORD, { email: 'maria@example.org', name: 'Maria Alvarez' }),
    ).toBe(undefined);
    expect(
      checkPassword('correct horse battery staple', {
        email: 'patient-1@example.org',
        name: 'Test Patient',
      }),
    ).toBeUndefined();
  });
});
