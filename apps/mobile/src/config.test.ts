import { describe, expect, it } from '@jest/globals';
import { DEFAULT_API_URL, resolveApiUrl } from './config';

describe('resolveApiUrl', () => {
  it('prefers EXPO_PUBLIC_API_URL and drops a trailing slash', () => {
    expect(
      resolveApiUrl({ env: 'https://api.carecircle.example/', extra: { apiUrl: 'http://x' } }),
    ).toBe('https://api.carecircle.example');
  });

  it('falls back to expo.extra.apiUrl', () => {
    expect(resolveApiUrl({ env: '  ', extra: { apiUrl: 'http://10.0.2.2:3000' } })).toBe(
      'http://10.0.2.2:3000',
    );
  });

  it('defaults to the local server when nothing is set', () => {
    expect(resolveApiUrl({ env: undefined, extra: undefined })).toBe(DEFAULT_API_URL);
    expect(resolveApiUrl({ extra: { apiUrl: 42 } })).toBe('http://localhost:3000');
  });
});
